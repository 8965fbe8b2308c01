using System.Collections.Concurrent;
using GameOps.Grains.Events;
using GameOps.TestSupport;
using Orleans.Streams;

namespace GameOps.Grains.Tests;

/// <summary>Everything published on one org's event stream while it is subscribed, in the order it arrived.</summary>
internal sealed class OrgEventRecorder : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly ConcurrentQueue<OrgEvent> _events = new();
    private StreamSubscriptionHandle<OrgEvent>? _subscription;

    public IReadOnlyList<OrgEvent> Events => [.. _events];

    public static async Task<OrgEventRecorder> SubscribeAsync(IClusterClient client, string orgId)
    {
        var recorder = new OrgEventRecorder();
        recorder._subscription = await client.GetStreamProvider(OrgEventStreams.ProviderName)
            .GetStream<OrgEvent>(OrgEventStreams.For(orgId))
            .SubscribeAsync((e, _) =>
            {
                recorder._events.Enqueue(e);
                return Task.CompletedTask;
            });
        return recorder;
    }

    /// <summary>The recorded events of one kind, once <paramref name="condition"/> holds for them.</summary>
    public async Task<IReadOnlyList<T>> WaitForAsync<T>(Func<IReadOnlyList<T>, bool> condition)
        where T : OrgEvent =>
        await Eventually.ReadAsync(() => Task.FromResult<IReadOnlyList<T>>([.. _events.OfType<T>()]), condition, Patience);

    public async ValueTask DisposeAsync()
    {
        if (_subscription is not null)
        {
            await _subscription.UnsubscribeAsync();
        }
    }
}

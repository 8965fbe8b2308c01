using System.Collections.Concurrent;
using GameOps.Grains.Events;
using GameOps.TestSupport;
using Orleans.Streams;

namespace GameOps.Grains.Tests;

/// <summary>Everything published on one org's event stream while it is subscribed, in the order it arrived.</summary>
internal sealed class OrgEventRecorder : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly ConcurrentQueue<(OrgEvent Event, StreamSequenceToken? Token)> _delivered = new();
    private StreamSubscriptionHandle<OrgEvent>? _subscription;

    public IReadOnlyList<OrgEvent> Events => [.. _delivered.Select(d => d.Event)];

    public static async Task<OrgEventRecorder> SubscribeAsync(IClusterClient client, string orgId)
    {
        var recorder = new OrgEventRecorder();
        recorder._subscription = await client.GetStreamProvider(OrgEventStreams.ProviderName)
            .GetStream<OrgEvent>(OrgEventStreams.For(orgId))
            .SubscribeAsync((e, token) =>
            {
                recorder._delivered.Enqueue((e, token));
                return Task.CompletedTask;
            });
        return recorder;
    }

    /// <summary>The recorded events of one kind, once <paramref name="condition"/> holds for them.</summary>
    public async Task<IReadOnlyList<T>> WaitForAsync<T>(Func<IReadOnlyList<T>, bool> condition)
        where T : OrgEvent =>
        await Eventually.ReadAsync(() => Task.FromResult<IReadOnlyList<T>>([.. Events.OfType<T>()]), condition, Patience);

    /// <summary>
    /// Every recorded event with the stream token it came with, once <paramref name="condition"/> holds: events
    /// published in one stream message share the token's sequence number and differ in its event index.
    /// </summary>
    public async Task<IReadOnlyList<(OrgEvent Event, StreamSequenceToken? Token)>> WaitForDeliveredAsync(
        Func<IReadOnlyList<(OrgEvent Event, StreamSequenceToken? Token)>, bool> condition) =>
        await Eventually.ReadAsync(() => Task.FromResult<IReadOnlyList<(OrgEvent, StreamSequenceToken?)>>([.. _delivered]), condition, Patience);

    public async ValueTask DisposeAsync()
    {
        if (_subscription is not null)
        {
            await _subscription.UnsubscribeAsync();
        }
    }
}

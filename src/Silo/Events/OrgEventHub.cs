using System.Collections.Immutable;
using System.Text.Json;
using GameOps.Grains.Events;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Orleans.Streams;

namespace GameOps.Silo.Events;

/// <summary>
/// This silo's fan-out of org events to its SSE clients: one stream subscription per org that has a client on this
/// silo, taken when the first arrives and dropped when the last leaves, and each event handed to every client's own
/// queue in memory. So 1,000 clients of one org cost one subscription, not 1,000 (ADR 0016).
/// </summary>
public sealed partial class OrgEventHub(
    IClusterClient client, IOptions<EventStreamOptions> options, IOptions<JsonOptions> json, ILogger<OrgEventHub> logger)
    : IHostedService, IDisposable
{
    private readonly Dictionary<string, OrgFeed> _feeds = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>How many org streams this silo is subscribed to for its clients.</summary>
    public int Subscriptions
    {
        get
        {
            lock (_feeds)
            {
                return _feeds.Count;
            }
        }
    }

    /// <summary>A new client of an org's events; subscribed once this returns. Dispose it when the client leaves.</summary>
    public async Task<EventViewer> JoinAsync(string orgId, CancellationToken cancellationToken)
    {
        var viewer = new EventViewer(orgId, options.Value.ViewerQueueCapacity, LeaveAsync);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!_feeds.TryGetValue(orgId, out var feed))
            {
                feed = new OrgFeed(json.Value.SerializerOptions);
                var stream = client.GetStreamProvider(OrgEventStreams.ProviderName).GetStream<OrgEvent>(OrgEventStreams.For(orgId));
                feed.Subscription = await stream.SubscribeAsync(feed.DeliverAsync);
                lock (_feeds)
                {
                    _feeds.Add(orgId, feed);
                }

                LogSubscribed(logger, orgId);
            }

            feed.Add(viewer);
            return viewer;
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            foreach (var (orgId, feed) in _feeds)
            {
                feed.CompleteAll();
                await UnsubscribeAsync(orgId, feed);
            }

            lock (_feeds)
            {
                _feeds.Clear();
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private async ValueTask LeaveAsync(EventViewer viewer)
    {
        try
        {
            await _gate.WaitAsync();
        }
        catch (ObjectDisposedException)
        {
            // The silo stopped first, which already ended every subscription.
            return;
        }

        try
        {
            if (_feeds.TryGetValue(viewer.OrgId, out var feed) && feed.Remove(viewer) && feed.IsEmpty)
            {
                lock (_feeds)
                {
                    _feeds.Remove(viewer.OrgId);
                }

                await UnsubscribeAsync(viewer.OrgId, feed);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task UnsubscribeAsync(string orgId, OrgFeed feed)
    {
        try
        {
            await feed.Subscription!.UnsubscribeAsync();
            LogUnsubscribed(logger, orgId);
        }
        catch (Exception e)
        {
            // The stream then delivers to a subscriber that is gone until the provider notices; nobody else waits on it.
            LogUnsubscribeFailed(logger, e, orgId);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Subscribed to the events of org {OrgId} for this silo's clients")]
    private static partial void LogSubscribed(ILogger logger, string orgId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Unsubscribed from the events of org {OrgId}: its last client on this silo left")]
    private static partial void LogUnsubscribed(ILogger logger, string orgId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not unsubscribe from the events of org {OrgId}")]
    private static partial void LogUnsubscribeFailed(ILogger logger, Exception exception, string orgId);

    /// <summary>One org's subscription and the clients it feeds.</summary>
    private sealed class OrgFeed(JsonSerializerOptions json)
    {
        // Replaced, never changed, so delivery reads it without a lock while clients come and go.
        private ImmutableArray<EventViewer> _viewers = [];

        public StreamSubscriptionHandle<OrgEvent>? Subscription { get; set; }

        public bool IsEmpty => _viewers.IsEmpty;

        public void Add(EventViewer viewer) => ImmutableInterlocked.Update(ref _viewers, static (list, v) => list.Add(v), viewer);

        public bool Remove(EventViewer viewer)
        {
            var before = _viewers;
            ImmutableInterlocked.Update(ref _viewers, static (list, v) => list.Remove(v), viewer);
            return before != _viewers;
        }

        public Task DeliverAsync(OrgEvent orgEvent, StreamSequenceToken? token)
        {
            var frame = EventFrame.For(orgEvent, json);
            foreach (var viewer in _viewers)
            {
                viewer.Offer(frame);
            }

            return Task.CompletedTask;
        }

        public void CompleteAll()
        {
            foreach (var viewer in _viewers)
            {
                viewer.Complete();
            }
        }
    }
}

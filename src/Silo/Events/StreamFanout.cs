using System.Collections.Immutable;
using Orleans.Runtime;
using Orleans.Streams;

namespace GameOps.Silo.Events;

/// <summary>
/// This silo's fan-out of one kind of Orleans stream to its SSE clients: one stream subscription per key (an org, a game
/// server) that has a client on this silo, taken when the first arrives and dropped when the last leaves; each item is
/// encoded once and handed to every client's own queue in memory. So 1,000 clients of one stream cost one subscription,
/// not 1,000 (ADR 0016).
/// </summary>
public abstract partial class StreamFanout<TItem, TFrame>(IClusterClient client, int viewerQueueCapacity, ILogger logger)
    : IHostedService, IDisposable
    where TFrame : class
{
    private readonly Dictionary<string, Feed> _feeds = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>How many streams this silo is subscribed to for its clients.</summary>
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

    /// <summary>A new client of a key's stream; subscribed once this returns. Dispose it when the client leaves.</summary>
    public async Task<StreamViewer<TFrame>> JoinAsync(string key, CancellationToken cancellationToken)
    {
        var viewer = new StreamViewer<TFrame>(key, viewerQueueCapacity, LeaveAsync);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!_feeds.TryGetValue(key, out var feed))
            {
                feed = new Feed(this);
                var stream = client.GetStreamProvider(ProviderName).GetStream<TItem>(StreamFor(key));
                feed.Subscription = await stream.SubscribeAsync(feed.DeliverAsync);
                lock (_feeds)
                {
                    _feeds.Add(key, feed);
                }

                LogSubscribed(logger, key);
            }

            feed.Add(viewer);
        }
        finally
        {
            _gate.Release();
        }

        try
        {
            await OnJoinedAsync(key, cancellationToken);
        }
        catch
        {
            await viewer.DisposeAsync();
            throw;
        }

        return viewer;
    }

    public virtual Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public virtual async Task StopAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            foreach (var (key, feed) in _feeds)
            {
                feed.CompleteAll();
                await UnsubscribeAsync(key, feed);
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

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gate.Dispose();
        }
    }

    /// <summary>The keys this silo is subscribed to for its clients, now.</summary>
    protected IReadOnlyList<string> SubscribedKeys()
    {
        lock (_feeds)
        {
            return [.. _feeds.Keys];
        }
    }

    /// <summary>A client of <paramref name="key"/> joined, subscribed; it reads nothing before this completes.</summary>
    protected virtual Task OnJoinedAsync(string key, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The stream provider the streams are on.</summary>
    protected abstract string ProviderName { get; }

    /// <summary>The stream of a key.</summary>
    protected abstract StreamId StreamFor(string key);

    /// <summary>An item as its <paramref name="clients"/> clients receive it; called once per item per silo, whatever their number.</summary>
    protected abstract TFrame Encode(TItem item, int clients);

    private async ValueTask LeaveAsync(StreamViewer<TFrame> viewer)
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
            if (_feeds.TryGetValue(viewer.Key, out var feed) && feed.Remove(viewer) && feed.IsEmpty)
            {
                lock (_feeds)
                {
                    _feeds.Remove(viewer.Key);
                }

                await UnsubscribeAsync(viewer.Key, feed);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task UnsubscribeAsync(string key, Feed feed)
    {
        try
        {
            await feed.Subscription!.UnsubscribeAsync();
            LogUnsubscribed(logger, key);
        }
        catch (Exception e)
        {
            // The stream then delivers to a subscriber that is gone until the provider notices; nobody else waits on it.
            LogUnsubscribeFailed(logger, e, key);
        }
    }

    // The logger's category names the kind of stream (OrgEventHub, ConsoleHub); the key names which one.
    [LoggerMessage(Level = LogLevel.Debug, Message = "Subscribed to the stream of {Key} for this silo's clients")]
    private static partial void LogSubscribed(ILogger logger, string key);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Unsubscribed from the stream of {Key}: its last client on this silo left")]
    private static partial void LogUnsubscribed(ILogger logger, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not unsubscribe from the stream of {Key}")]
    private static partial void LogUnsubscribeFailed(ILogger logger, Exception exception, string key);

    /// <summary>One key's subscription and the clients it feeds.</summary>
    private sealed class Feed(StreamFanout<TItem, TFrame> fanout)
    {
        // Replaced, never changed, so delivery reads it without a lock while clients come and go.
        private ImmutableArray<StreamViewer<TFrame>> _viewers = [];

        public StreamSubscriptionHandle<TItem>? Subscription { get; set; }

        public bool IsEmpty => _viewers.IsEmpty;

        public void Add(StreamViewer<TFrame> viewer) => ImmutableInterlocked.Update(ref _viewers, static (list, v) => list.Add(v), viewer);

        public bool Remove(StreamViewer<TFrame> viewer)
        {
            var before = _viewers;
            ImmutableInterlocked.Update(ref _viewers, static (list, v) => list.Remove(v), viewer);
            return before != _viewers;
        }

        /// <summary>
        /// Hands one delivery's items to every client: each client gets all of them before the next client gets any, so a
        /// client's writer wakes once for the delivery and writes it in one flush, rather than once per item.
        /// </summary>
        public Task DeliverAsync(IList<SequentialItem<TItem>> items)
        {
            var viewers = _viewers;
            if (items.Count == 1)
            {
                var frame = fanout.Encode(items[0].Item, viewers.Length);
                foreach (var viewer in viewers)
                {
                    viewer.Offer(frame);
                }

                return Task.CompletedTask;
            }

            var frames = new TFrame[items.Count];
            for (var i = 0; i < frames.Length; i++)
            {
                frames[i] = fanout.Encode(items[i].Item, viewers.Length);
            }

            foreach (var viewer in viewers)
            {
                foreach (var frame in frames)
                {
                    viewer.Offer(frame);
                }
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

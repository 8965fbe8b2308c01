using System.Collections.Immutable;
using System.Text.Json;
using GameOps.Grains.Events;
using GameOps.Grains.ServerConsole;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Orleans.Streams;

namespace GameOps.Silo.ServerConsole;

/// <summary>
/// This silo's fan-out of console lines to its SSE clients, as <see cref="Events.OrgEventHub"/> does for org events:
/// one stream subscription per game server that has a client on this silo, taken when the first arrives and dropped
/// when the last leaves; each batch is encoded once and handed to every client's own queue.
/// </summary>
public sealed partial class ConsoleHub(
    IClusterClient client, IOptions<ConsoleViewerOptions> options, IOptions<JsonOptions> json, ILogger<ConsoleHub> logger)
    : IHostedService, IDisposable
{
    private readonly Dictionary<string, ServerFeed> _feeds = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>How many console streams this silo is subscribed to for its clients.</summary>
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

    /// <summary>A new client of a server's console; subscribed once this returns. Dispose it when the client leaves.</summary>
    public async Task<ConsoleViewer> JoinAsync(string serverKey, CancellationToken cancellationToken)
    {
        var viewer = new ConsoleViewer(serverKey, options.Value.ViewerQueueBatches, LeaveAsync);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!_feeds.TryGetValue(serverKey, out var feed))
            {
                feed = new ServerFeed(json.Value.SerializerOptions);
                var stream = client.GetStreamProvider(OrgEventStreams.ProviderName).GetStream<ConsoleBatch>(ConsoleStreams.For(serverKey));
                feed.Subscription = await stream.SubscribeAsync(feed.DeliverAsync);
                lock (_feeds)
                {
                    _feeds.Add(serverKey, feed);
                }
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
            foreach (var (serverKey, feed) in _feeds)
            {
                feed.CompleteAll();
                await UnsubscribeAsync(serverKey, feed);
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

    private async ValueTask LeaveAsync(ConsoleViewer viewer)
    {
        try
        {
            await _gate.WaitAsync();
        }
        catch (ObjectDisposedException)
        {
            return; // the silo stopped first, which already ended every subscription
        }

        try
        {
            if (_feeds.TryGetValue(viewer.ServerKey, out var feed) && feed.Remove(viewer) && feed.IsEmpty)
            {
                lock (_feeds)
                {
                    _feeds.Remove(viewer.ServerKey);
                }

                await UnsubscribeAsync(viewer.ServerKey, feed);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task UnsubscribeAsync(string serverKey, ServerFeed feed)
    {
        try
        {
            await feed.Subscription!.UnsubscribeAsync();
        }
        catch (Exception e)
        {
            LogUnsubscribeFailed(logger, e, serverKey);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not unsubscribe from the console of game server {ServerKey}")]
    private static partial void LogUnsubscribeFailed(ILogger logger, Exception exception, string serverKey);

    private sealed class ServerFeed(JsonSerializerOptions json)
    {
        private ImmutableArray<ConsoleViewer> _viewers = [];

        public StreamSubscriptionHandle<ConsoleBatch>? Subscription { get; set; }

        public bool IsEmpty => _viewers.IsEmpty;

        public void Add(ConsoleViewer viewer) => ImmutableInterlocked.Update(ref _viewers, static (list, v) => list.Add(v), viewer);

        public bool Remove(ConsoleViewer viewer)
        {
            var before = _viewers;
            ImmutableInterlocked.Update(ref _viewers, static (list, v) => list.Remove(v), viewer);
            return before != _viewers;
        }

        public Task DeliverAsync(ConsoleBatch batch, StreamSequenceToken? token)
        {
            var frames = ConsoleFrame.For(batch.Lines, json);
            foreach (var viewer in _viewers)
            {
                viewer.Offer(frames);
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

using System.Threading.Channels;

namespace GameOps.Silo.Events;

/// <summary>
/// One SSE client's events, in a bounded queue: when the client reads more slowly than its org's events arrive, the
/// newest are dropped and counted, so a slow client never holds up the others or the silo's memory.
/// </summary>
public sealed class EventViewer : IAsyncDisposable
{
    // A null entry only wakes the reader for a keep-alive: one wake-up path per client instead of a wait on two.
    private readonly Channel<EventFrame?> _queue;
    private readonly Func<EventViewer, ValueTask> _leave;
    private int _dropped;
    private int _keepAliveDue;

    internal EventViewer(string orgId, int capacity, Func<EventViewer, ValueTask> leave)
    {
        OrgId = orgId;
        _leave = leave;
        _queue = Channel.CreateBounded<EventFrame?>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
    }

    public string OrgId { get; }

    /// <summary>Queues an event for the client, or counts it as dropped when the client's queue is full.</summary>
    internal void Offer(EventFrame frame)
    {
        if (!_queue.Writer.TryWrite(frame))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    /// <summary>Asks for a keep-alive comment; a client whose queue is full is woken anyway and gets it after its events.</summary>
    internal void OfferKeepAlive()
    {
        if (Interlocked.Exchange(ref _keepAliveDue, 1) == 0)
        {
            _queue.Writer.TryWrite(null);
        }
    }

    /// <summary>Ends the client's events (the client left or the silo is stopping).</summary>
    internal void Complete() => _queue.Writer.TryComplete();

    public bool TryRead(out EventFrame frame)
    {
        while (_queue.Reader.TryRead(out var queued))
        {
            if (queued is not null)
            {
                frame = queued;
                return true;
            }
        }

        frame = null!;
        return false;
    }

    /// <summary>Whether a keep-alive was asked for since the last call.</summary>
    public bool TakeKeepAlive() => Interlocked.Exchange(ref _keepAliveDue, 0) == 1;

    /// <summary>How many events were dropped since the last call; the client is told, and re-reads state.</summary>
    public int TakeDropped() => Interlocked.Exchange(ref _dropped, 0);

    /// <summary>Waits for an event; false when no more will come.</summary>
    public ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken) => _queue.Reader.WaitToReadAsync(cancellationToken);

    public ValueTask DisposeAsync() => _leave(this);
}

using System.Threading.Channels;

namespace GameOps.Silo.Events;

/// <summary>
/// One SSE client's frames, in a bounded queue: when the client reads more slowly than its stream's items arrive, the
/// newest are dropped and counted, so a slow client never holds up the others or the silo's memory. What a client is
/// told about the drop is the endpoint's choice: a gap notice for events, a catch-up from held lines for a console.
/// </summary>
public sealed class StreamViewer<TFrame> : IAsyncDisposable
    where TFrame : class
{
    // A null entry only wakes the reader for a keep-alive: one wake-up path per client instead of a wait on two.
    private readonly Channel<TFrame?> _queue;
    private readonly Func<StreamViewer<TFrame>, ValueTask> _leave;
    private int _dropped;
    private int _keepAliveDue;

    internal StreamViewer(string key, int capacity, Func<StreamViewer<TFrame>, ValueTask> leave)
    {
        Key = key;
        _leave = leave;
        _queue = Channel.CreateBounded<TFrame?>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
    }

    /// <summary>The stream the client follows: an org's id, or a game server's key.</summary>
    public string Key { get; }

    /// <summary>Queues a frame for the client, or counts it as dropped when the client's queue is full.</summary>
    internal void Offer(TFrame frame)
    {
        if (!_queue.Writer.TryWrite(frame))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    /// <summary>Asks for a keep-alive comment; a client whose queue is full is woken anyway and gets it after its frames.</summary>
    internal void OfferKeepAlive()
    {
        if (Interlocked.Exchange(ref _keepAliveDue, 1) == 0)
        {
            _queue.Writer.TryWrite(null);
        }
    }

    /// <summary>Ends the client's frames (the client left or the silo is stopping).</summary>
    internal void Complete() => _queue.Writer.TryComplete();

    public bool TryRead(out TFrame frame)
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

    /// <summary>How many frames were dropped since the last call.</summary>
    public int TakeDropped() => Interlocked.Exchange(ref _dropped, 0);

    /// <summary>Waits for a frame or a keep-alive; false when no more will come. Takes no token: the client leaving completes the queue.</summary>
    public ValueTask<bool> WaitToReadAsync() => _queue.Reader.WaitToReadAsync(CancellationToken.None);

    public ValueTask DisposeAsync() => _leave(this);
}

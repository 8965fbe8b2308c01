using System.Collections.Immutable;
using System.Threading.Channels;

namespace GameOps.Silo.ServerConsole;

/// <summary>
/// One SSE client's console lines, in a bounded queue of batches. A client that reads too slowly is not left with a
/// hole: when its queue overflows it is marked <see cref="TakeBehind">behind</see> and catches up from the server's
/// held lines after the last one it was sent.
/// </summary>
public sealed class ConsoleViewer : IAsyncDisposable
{
    private readonly Channel<ImmutableArray<ConsoleFrame>> _queue;
    private readonly Func<ConsoleViewer, ValueTask> _leave;
    private int _behind;

    internal ConsoleViewer(string serverKey, int capacity, Func<ConsoleViewer, ValueTask> leave)
    {
        ServerKey = serverKey;
        _leave = leave;
        _queue = Channel.CreateBounded<ImmutableArray<ConsoleFrame>>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
    }

    public string ServerKey { get; }

    internal void Offer(ImmutableArray<ConsoleFrame> frames)
    {
        if (!_queue.Writer.TryWrite(frames))
        {
            Interlocked.Exchange(ref _behind, 1);
        }
    }

    internal void Complete() => _queue.Writer.TryComplete();

    public bool TryRead(out ImmutableArray<ConsoleFrame> frames) => _queue.Reader.TryRead(out frames);

    /// <summary>Whether batches were dropped since the last call: the client then re-reads the held lines.</summary>
    public bool TakeBehind() => Interlocked.Exchange(ref _behind, 0) == 1;

    public ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken) => _queue.Reader.WaitToReadAsync(cancellationToken);

    public ValueTask DisposeAsync() => _leave(this);
}

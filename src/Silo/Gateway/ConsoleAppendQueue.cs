using System.Collections.Immutable;
using GameOps.Grains.ServerConsole;

namespace GameOps.Silo.Gateway;

/// <summary>
/// One game server's lines on one agent stream, on their way to its console grain: one append at a time, and every
/// batch that arrives while one is being stored joins the next, so a busy silo makes fewer, larger durable writes
/// instead of falling behind by one write per batch (docs/adr/0028). The agent is acknowledged only with what an append
/// returned, after its write: no line is acknowledged before it is stored. After a failed append nothing more is
/// stored or acknowledged on this stream (a later batch would skip the failed one's numbers); the agent sends
/// everything after its last acknowledgement again on its next stream, and the grain stores each number once.
/// </summary>
public sealed class ConsoleAppendQueue(
    Func<ImmutableArray<ConsoleLine>, Task<ulong>> appendAsync,
    Action<ulong> acknowledge,
    Action<Exception> failed,
    int maxWaitingLines,
    int maxAppendChars = ConsoleAppendQueue.DefaultMaxAppendChars)
{
    /// <summary>About the most text one append carries (whole batches are joined up to it), so one call stays a modest message.</summary>
    public const int DefaultMaxAppendChars = 512 * 1024;

    private readonly Lock _gate = new();
    private readonly Queue<ImmutableArray<ConsoleLine>> _waiting = new();
    private int _waitingLines;
    private Task _storing = Task.CompletedTask;
    private bool _busy;
    private bool _failed;

    /// <summary>
    /// Queues a batch; completes at once, or once the append under way has finished when more than
    /// <c>maxWaitingLines</c> wait, so a stream that sends faster than its lines are stored is read no faster.
    /// </summary>
    public Task EnqueueAsync(ImmutableArray<ConsoleLine> lines)
    {
        lock (_gate)
        {
            if (_failed)
            {
                return Task.CompletedTask;
            }

            _waiting.Enqueue(lines);
            _waitingLines += lines.Length;
            if (_busy)
            {
                return _waitingLines > maxWaitingLines ? _storing : Task.CompletedTask;
            }

            _busy = true;
        }

        // Started outside the lock: the first append begins on the caller's thread, without a hop to the thread pool.
        var storing = DrainAsync();
        lock (_gate)
        {
            if (!storing.IsCompleted)
            {
                _storing = storing;
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>Completes when nothing waits and no append is under way.</summary>
    public Task IdleAsync()
    {
        lock (_gate)
        {
            return _storing;
        }
    }

    private async Task DrainAsync()
    {
        while (true)
        {
            ImmutableArray<ConsoleLine> lines;
            lock (_gate)
            {
                if (_waiting.Count == 0)
                {
                    _busy = false;
                    return;
                }

                lines = TakeWaiting();
            }

            ulong stored;
            try
            {
                stored = await appendAsync(lines);
            }
            catch (Exception exception)
            {
                lock (_gate)
                {
                    _failed = true;
                    _busy = false;
                    _waiting.Clear();
                    _waitingLines = 0;
                }

                failed(exception);
                return;
            }

            acknowledge(stored);
        }
    }

    // Whole batches in arrival order, as many as fit in one append (at least one).
    private ImmutableArray<ConsoleLine> TakeWaiting()
    {
        var lines = ImmutableArray.CreateBuilder<ConsoleLine>();
        var chars = 0;
        while (_waiting.TryPeek(out var batch))
        {
            var batchChars = batch.Sum(line => line.Text.Length);
            if (lines.Count > 0 && chars + batchChars > maxAppendChars)
            {
                break;
            }

            _waiting.Dequeue();
            _waitingLines -= batch.Length;
            lines.AddRange(batch);
            chars += batchChars;
        }

        return lines.DrainToImmutable();
    }
}

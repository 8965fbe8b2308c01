using System.Collections.Immutable;
using GameOps.Grains.ServerConsole;

namespace GameOps.Silo.Gateway;

/// <summary>
/// One agent stream's console lines, of all its host's servers, on their way to the silo's console store: one append
/// at a time, and every batch that arrives while one is being stored joins the next, whichever server it is of, so a
/// busy silo makes fewer, larger appends instead of falling behind by one per batch (docs/adr/0028, 0032). An append
/// returns, for each entry it was given, the highest number stored of that entry's server; the servers of an append are
/// acknowledged together with those, after its write (one message to the agent, docs/adr/0039): no line is
/// acknowledged before it is stored. After a failed append nothing more is stored or acknowledged on this stream (a
/// later batch would skip the failed one's numbers); the agent sends everything after its last acknowledgements again
/// on its next stream, and the grain stores each number once.
/// </summary>
public sealed class ConsoleAppendQueue(
    Func<ImmutableArray<ServerLines>, Task<ImmutableArray<ulong>>> appendAsync,
    Action<ReadOnlySpan<ConsoleAck>> acknowledge,
    Action<Exception> failed,
    int maxWaitingLines,
    int maxAppendChars = ConsoleAppendQueue.DefaultMaxAppendChars)
{
    /// <summary>About the most text one append carries (whole batches are joined up to it), so one call stays a modest message.</summary>
    public const int DefaultMaxAppendChars = 512 * 1024;

    private readonly Lock _gate = new();
    private readonly Queue<ServerLines> _waiting = new();
    private int _waitingLines;
    private Task _storing = Task.CompletedTask;
    private bool _busy;
    private bool _failed;

    /// <summary>
    /// Queues a batch of one server; completes at once, or once the append under way has finished when more than
    /// <c>maxWaitingLines</c> wait, so a stream that sends faster than its lines are stored is read no faster.
    /// </summary>
    public Task EnqueueAsync(ServerLines batch)
    {
        lock (_gate)
        {
            if (_failed)
            {
                return Task.CompletedTask;
            }

            _waiting.Enqueue(batch);
            _waitingLines += batch.Lines.Length;
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
            ImmutableArray<ServerLines> batches;
            lock (_gate)
            {
                if (_waiting.Count == 0)
                {
                    _busy = false;
                    return;
                }

                batches = TakeWaiting();
            }

            ImmutableArray<ulong> stored;
            try
            {
                stored = await appendAsync(batches);
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

            Acknowledge(batches, stored);
        }
    }

    // Every server of the append in one call, so they reach the agent in one message; the usual single server allocates nothing.
    private void Acknowledge(ImmutableArray<ServerLines> batches, ImmutableArray<ulong> stored)
    {
        if (batches.Length == 1)
        {
            var only = new ConsoleAck(batches[0].ServerId, stored[0]);
            acknowledge(new ReadOnlySpan<ConsoleAck>(in only));
            return;
        }

        var acks = new ConsoleAck[batches.Length];
        for (var i = 0; i < batches.Length; i++)
        {
            acks[i] = new ConsoleAck(batches[i].ServerId, stored[i]);
        }

        acknowledge(acks);
    }

    // Whole batches in arrival order, as many as fit in one append (at least one), one entry per server with its
    // batches' lines in the order they came.
    private ImmutableArray<ServerLines> TakeWaiting()
    {
        if (_waiting.Count == 1)
        {
            var only = _waiting.Dequeue();
            _waitingLines -= only.Lines.Length;
            return ImmutableArray.Create(only);
        }

        var servers = new List<(ServerLines First, ImmutableArray<ConsoleLine>.Builder Lines)>();
        var chars = 0;
        while (_waiting.TryPeek(out var batch))
        {
            var batchChars = batch.Lines.Sum(line => line.Text.Length);
            if (servers.Count > 0 && chars + batchChars > maxAppendChars)
            {
                break;
            }

            _waiting.Dequeue();
            _waitingLines -= batch.Lines.Length;
            chars += batchChars;
            var index = servers.FindIndex(s => s.First.ServerId == batch.ServerId);
            if (index < 0)
            {
                servers.Add((batch, ImmutableArray.CreateBuilder<ConsoleLine>()));
                index = servers.Count - 1;
            }

            servers[index].Lines.AddRange(batch.Lines);
        }

        return [.. servers.Select(s => s.First with { Lines = s.Lines.DrainToImmutable() })];
    }
}

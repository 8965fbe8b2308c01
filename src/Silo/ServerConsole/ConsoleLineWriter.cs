using GameOps.Grains.Observability;
using GameOps.Grains.ServerConsole;
using Microsoft.Extensions.Options;

namespace GameOps.Silo.ServerConsole;

/// <summary>
/// This silo's one writer of console lines (group commit): the lines of every host whose agent is connected here go
/// into the store one transaction at a time, and whatever arrives while one is being written joins the next, so the
/// busier the silo, the more hosts' lines share a write (docs/adr/0032). A host's lines are durable when its task
/// completes; when a write fails, each of its hosts' tasks fails and none of their lines is stored. Writes start at
/// least <see cref="ConsoleOptions.WriteInterval"/> apart, so under a steady stream of lines each write carries more of
/// them and the disk is written and synced fewer times for the same lines (docs/adr/0044).
/// </summary>
public sealed class ConsoleLineWriter(IConsoleLineStore store, IOptions<ConsoleOptions> options, GameOpsMetrics metrics, TimeProvider time)
{
    /// <summary>
    /// About the most lines one write takes (whole hosts' appends are joined up to it), so one transaction stays short:
    /// in embedded mode the other grains' writes wait for it.
    /// </summary>
    public const int MaxLinesPerWrite = 2_000;

    private readonly Lock _gate = new();
    private readonly Queue<Pending> _waiting = new();
    private bool _busy;
    private long? _lastWriteStarted;
    private int _continuingOn;

    /// <summary>
    /// True on the writer's thread while the hosts of a committed write go on: their appends' continuations run there,
    /// one after another, and what they publish can wait for <see cref="HostsContinued"/> to go out together.
    /// </summary>
    public bool IsContinuingHosts => Volatile.Read(ref _continuingOn) == Environment.CurrentManagedThreadId;

    /// <summary>
    /// Raised on the writer's thread once the hosts of a committed write went on, before the next write starts. A handler
    /// must not throw: the writer's loop would end with it.
    /// </summary>
    public event Action? HostsContinued;

    /// <summary>Stores <paramref name="lines"/> in the next write; completes once that write is committed.</summary>
    public Task StoreAsync(HostLines lines)
    {
        var pending = new Pending(lines);
        lock (_gate)
        {
            _waiting.Enqueue(pending);
            if (_busy)
            {
                return pending.Task;
            }

            _busy = true;
        }

        _ = WriteWaitingAsync();
        return pending.Task;
    }

    private async Task WriteWaitingAsync()
    {
        var taken = new List<Pending>();
        while (true)
        {
            taken.Clear();

            // Lines that come while the writer waits out the interval join this write; a writer with nothing to write
            // waits for nothing, and a quiet silo's next line is written at once.
            if (_lastWriteStarted is { } started && options.Value.WriteInterval - time.GetElapsedTime(started) is { Ticks: > 0 } wait
                && HasWaiting())
            {
                await Task.Delay(wait, time);
            }

            lock (_gate)
            {
                var lines = 0;
                while (_waiting.TryPeek(out var next) && (taken.Count == 0 || lines + next.LineCount <= MaxLinesPerWrite))
                {
                    taken.Add(_waiting.Dequeue());
                    lines += next.LineCount;
                }

                if (taken.Count == 0)
                {
                    _busy = false;
                    return;
                }
            }

            _lastWriteStarted = time.GetTimestamp();
            try
            {
                await store.AppendAsync([.. taken.Select(p => p.Lines)], options.Value.RingLines);
            }
            catch (Exception exception)
            {
                foreach (var pending in taken)
                {
                    pending.TrySetException(exception);
                }

                continue;
            }

            metrics.ConsoleWritten();
            Volatile.Write(ref _continuingOn, Environment.CurrentManagedThreadId);
            try
            {
                foreach (var pending in taken)
                {
                    pending.TrySetResult();
                }
            }
            finally
            {
                Volatile.Write(ref _continuingOn, 0);
            }

            HostsContinued?.Invoke();
        }
    }

    private bool HasWaiting()
    {
        lock (_gate)
        {
            return _waiting.Count > 0;
        }
    }

    // Continuations run on this writer's thread: each is a stream's acknowledgement and bookkeeping, which hands its next
    // append back here, where it waits for the following write instead of starting one of its own.
    private sealed class Pending(HostLines lines) : TaskCompletionSource
    {
        public HostLines Lines { get; } = lines;

        public int LineCount { get; } = CountLines(lines);

        private static int CountLines(HostLines lines)
        {
            var count = 0;
            foreach (var server in lines.Servers)
            {
                count += server.Lines.Length;
            }

            return count;
        }
    }
}

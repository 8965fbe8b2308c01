using System.Threading.Channels;
using GameOps.AgentProtocol;
using GameOps.EdgeAgent.Channel;
using GameOps.EdgeAgent.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GameOps.EdgeAgent.Console;

/// <summary>
/// Every game server's lines on their way to the control plane: one <see cref="ServerLogBuffer"/> per server, kept in
/// <c>console/&lt;serverId&gt;.buffer</c> beside the job journal, fed by the server's console connection (servers
/// without a <c>logFile</c>) or by its <see cref="LogFileTailer"/>, and drained by the agent stream's writer in
/// batches, taken from the servers in turn.
/// </summary>
public sealed partial class ConsoleLogPipeline : IConsoleLineSink, IAgentLogSource, IDisposable
{
    public const string FolderName = "console";

    // Unacknowledged batches timed per server. Past this (a burst of full batches to a control plane that does not
    // answer) a batch is not timed: once the timed ones are acknowledged, the untimed ones count as beyond the window,
    // so the window only ever closes sooner.
    private const int MaxTrackedBatches = 1024;

    private readonly Dictionary<string, Held> _servers = new(StringComparer.Ordinal);
    private readonly Held[] _order;
    private readonly ConsoleLogOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<bool> _arrived = System.Threading.Channels.Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    private int _turn;

    public ConsoleLogPipeline(AgentConfig config, IOptions<ConsoleLogOptions> options, TimeProvider time, ILogger<ConsoleLogPipeline> logger)
    {
        _options = options.Value;
        _time = time;
        _logger = logger;
        var folder = Path.Combine(Path.GetDirectoryName(config.JournalPath) ?? ".", FolderName);
        foreach (var server in config.Servers)
        {
            var path = Path.Combine(folder, server.Id + ".buffer");
            _servers[server.Id] = new Held(server.LogFile is null, () => Open(server.Id, path));
        }

        _order = [.. _servers.Values];
    }

    /// <summary>A console connection's line: kept for the control plane when the server has no log file to follow instead.</summary>
    public void Publish(string serverId, string line)
    {
        if (_servers.TryGetValue(serverId, out var held) && held.FromConsole)
        {
            Append(held, line, null);
        }
    }

    /// <summary>A line of <paramref name="serverId"/>'s log file, read up to <paramref name="offsetAfter"/>.</summary>
    public void AppendFromFile(string serverId, string line, long offsetAfter)
    {
        if (_servers.TryGetValue(serverId, out var held))
        {
            Append(held, line, offsetAfter);
        }
    }

    /// <summary>Whether <paramref name="serverId"/>'s buffer takes another line without dropping one.</summary>
    public bool HasRoom(string serverId)
    {
        var held = _servers[serverId];
        lock (held.Lock)
        {
            return held.Buffer.Count < _options.BufferLines;
        }
    }

    /// <summary>Where <paramref name="serverId"/>'s log file was last read to, by this run or an earlier one; null when never.</summary>
    public long? TailOffset(string serverId)
    {
        var held = _servers[serverId];
        lock (held.Lock)
        {
            return held.Buffer.TailOffset;
        }
    }

    public void RecordTailOffset(string serverId, long offset)
    {
        var held = _servers[serverId];
        lock (held.Lock)
        {
            held.Buffer.RecordTailOffset(offset);
            Report(held);
        }
    }

    public void Rewind()
    {
        foreach (var held in _order)
        {
            lock (held.Lock)
            {
                held.Buffer.Rewind();
                held.Unacknowledged.Clear();
            }
        }
    }

    public bool TryTakeBatch(out LogBatch batch)
    {
        var now = _time.GetUtcNow();
        for (var i = 0; i < _order.Length; i++)
        {
            var held = _order[(_turn + i) % _order.Length];
            lock (held.Lock)
            {
                if (DueIn(held, now) == TimeSpan.Zero && held.Buffer.TryTake(_options.MaxBatchLines, _options.MaxBatchChars, out batch))
                {
                    held.SentAt = now;
                    if (held.Unacknowledged.Count < MaxTrackedBatches)
                    {
                        held.Unacknowledged.Enqueue((batch.Entries[^1].Sequence, now));
                    }

                    Report(held);
                    _turn = (_turn + i + 1) % _order.Length;
                    return true;
                }
            }
        }

        batch = null!;
        return false;
    }

    public TimeSpan? NextBatchDue()
    {
        var now = _time.GetUtcNow();
        TimeSpan? soonest = null;
        foreach (var held in _order)
        {
            lock (held.Lock)
            {
                if (DueIn(held, now) is { } due)
                {
                    soonest = soonest is { } s && s <= due ? s : due;
                }
            }
        }

        return soonest;
    }

    public async Task WaitForLinesAsync(CancellationToken cancellationToken)
    {
        await _arrived.Reader.WaitToReadAsync(cancellationToken);
        _arrived.Reader.TryRead(out _);
    }

    public void Acknowledge(LogAck ack)
    {
        ArgumentNullException.ThrowIfNull(ack);
        if (!_servers.TryGetValue(ack.ServerId, out var held))
        {
            LogAckForUnknownServer(ack.ServerId.Length <= 64 ? ack.ServerId : ack.ServerId[..64]);
            return;
        }

        bool waiting;
        ulong? beyond = null;
        lock (held.Lock)
        {
            if (!held.Buffer.Acknowledge(ack.Sequence) && ack.Sequence > held.Buffer.HighestSent)
            {
                beyond = held.Buffer.HighestSent;
            }

            while (held.Unacknowledged.TryPeek(out var batch) && batch.LastSequence <= held.Buffer.Acknowledged)
            {
                held.Unacknowledged.Dequeue();
            }

            waiting = held.Buffer.Unsent > 0;
            Report(held);
        }

        if (beyond is { } sent)
        {
            // Nothing is forgotten: the lines stay until a number that was sent is acknowledged, or go again on the next stream.
            LogAckBeyondSent(ack.ServerId, ack.Sequence, sent);
        }

        // Lines that waited for this acknowledgement may be due now: the writer looks again.
        if (waiting)
        {
            _arrived.Writer.TryWrite(true);
        }
    }

    /// <summary>Several servers' acknowledgements in one message, each applied as its own <see cref="LogAck"/>.</summary>
    public void Acknowledge(LogAcks acks)
    {
        ArgumentNullException.ThrowIfNull(acks);
        foreach (var ack in acks.Acks)
        {
            Acknowledge(ack);
        }
    }

    /// <summary>The buffer of <paramref name="serverId"/>, to look at in tests; hold no reference to it across calls.</summary>
    internal ServerLogBuffer BufferOf(string serverId) => _servers[serverId].Buffer;

    public void Dispose()
    {
        foreach (var held in _order)
        {
            lock (held.Lock)
            {
                held.Close();
            }
        }
    }

    // Nagle's rule for lines, beyond a window: a full batch leaves at once; one that is not full waits for the batch
    // delay and, once the oldest unacknowledged batch of its server was sent AckWindow ago or longer, for an
    // acknowledgement (or AckWait). A control plane that acknowledges within the window (at most once an interval,
    // docs/adr/0041) sees a batch every delay; a late one gets fewer, larger batches instead of more of them.
    // Null when nothing waits. Called under the server's lock.
    private TimeSpan? DueIn(Held held, DateTimeOffset now)
    {
        var buffer = held.Buffer;
        if (buffer.OldestUnsentAt is not { } oldest)
        {
            return null;
        }

        if (buffer.Unsent >= _options.MaxBatchLines)
        {
            return TimeSpan.Zero;
        }

        var due = oldest + _options.BatchDelay;
        var at = due > now ? due : now;
        var withinWindow = _options.AckWindow > TimeSpan.Zero
            && held.Unacknowledged.TryPeek(out var first) && first.SentAt + _options.AckWindow > at;
        if (buffer.AwaitsAcknowledgement && !withinWindow && held.SentAt + _options.AckWait > due)
        {
            due = held.SentAt + _options.AckWait;
        }

        return due > now ? due - now : TimeSpan.Zero;
    }

    private void Append(Held held, string line, long? offsetAfter)
    {
        var text = ConsoleLines.Limit(line, out var cut);
        lock (held.Lock)
        {
            var hadGap = held.Buffer.Gap is not null;
            held.Buffer.Append(text, cut, _time.GetUtcNow(), offsetAfter);
            if (!hadGap && held.Buffer.Gap is not null)
            {
                LogOverflow(held.Buffer.ServerId, _options.BufferLines);
            }

            Report(held);
        }

        _arrived.Writer.TryWrite(true);
    }

    private ServerLogBuffer Open(string serverId, string path)
    {
        try
        {
            return ServerLogBuffer.Open(serverId, _options.BufferLines, path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            LogBufferFileFailed(serverId, path, exception);
            return ServerLogBuffer.InMemory(serverId, _options.BufferLines);
        }
    }

    // Once per server: after that its lines are kept in memory only, and a restart of the agent may repeat or lose some.
    private void Report(Held held)
    {
        if (held.Buffer.FileFailure is { } failure && !held.Reported)
        {
            held.Reported = true;
            LogBufferFileFailed(held.Buffer.ServerId, FolderName, failure);
        }
    }

    [LoggerMessage(EventId = 70, Level = LogLevel.Warning,
        Message = "Lines of game server {ServerId} are coming faster than the control plane takes them: more than {Capacity} wait, so the oldest are dropped and counted")]
    private partial void LogOverflow(string serverId, int capacity);

    [LoggerMessage(EventId = 71, Level = LogLevel.Error,
        Message = "Could not keep the lines of game server {ServerId} on disk ({Path}); they are kept in memory only, and a restart of the agent loses those not yet acknowledged")]
    private partial void LogBufferFileFailed(string serverId, string path, Exception exception);

    [LoggerMessage(EventId = 72, Level = LogLevel.Warning, Message = "The control plane acknowledged lines of game server {ServerId}, which this host does not have; ignored")]
    private partial void LogAckForUnknownServer(string serverId);

    [LoggerMessage(EventId = 73, Level = LogLevel.Warning,
        Message = "The control plane acknowledged line {Sequence} of game server {ServerId}, but only lines up to {HighestSent} were sent; ignored")]
    private partial void LogAckBeyondSent(string serverId, ulong sequence, ulong highestSent);

    // The buffer's file is opened on first use, so composing the agent touches no file.
    private sealed class Held(bool fromConsole, Func<ServerLogBuffer> open)
    {
        private ServerLogBuffer? _buffer;

        public Lock Lock { get; } = new();

        public bool FromConsole { get; } = fromConsole;

        public ServerLogBuffer Buffer => _buffer ??= open();

        public void Close() => _buffer?.Dispose();

        public bool Reported { get; set; }

        /// <summary>When the server's last batch was taken.</summary>
        public DateTimeOffset SentAt { get; set; }

        /// <summary>The batches taken on this stream and not acknowledged yet, oldest first: each one's last number and when it was taken.</summary>
        public Queue<(ulong LastSequence, DateTimeOffset SentAt)> Unacknowledged { get; } = new();
    }
}

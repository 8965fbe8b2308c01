using System.Runtime.InteropServices;

namespace GameOps.Silo.Gateway;

/// <summary>
/// One agent stream's console acknowledgements while the silo is busy: at most one per server per <c>interval</c>
/// (docs/adr/0037). An acknowledgement that comes sooner after the server's last one is held until the interval has
/// passed, and a later one for the same server replaces it. The agent sends a batch that is not full only once the one
/// before it is acknowledged, so a server that streams lines gets them acknowledged, and sends them, in fewer, larger
/// batches while the silo is short of CPU; while it is not, every acknowledgement goes at once. Only what was stored is
/// ever acknowledged: this only delays. The servers acknowledged together go on together, in one call, and whenever
/// an acknowledgement goes, every one held goes with it: a stream's acknowledgements stay one message (docs/adr/0039).
/// </summary>
/// <param name="busy">Whether the silo is busy now; asked once per call while nothing is held, so it must be cheap.</param>
/// <param name="held">Told each acknowledgement held back.</param>
/// <param name="perStream">
/// One interval for the whole stream instead of one per server: at most one acknowledgement message an interval,
/// whichever servers it names. For agents that keep sending within their window (docs/adr/0041), which wait for no
/// acknowledgement, so a message saved costs none of their lines any time.
/// </param>
public sealed class ConsoleAckPacer(
    Action<ReadOnlySpan<ConsoleAck>> acknowledge, TimeSpan interval, Func<bool> busy, TimeProvider time, Action? held = null, bool perStream = false)
    : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Server> _servers = new(StringComparer.Ordinal);
    private ITimer? _timer;
    private bool _armed;
    private bool _disposed;

    // Servers with a number held; written under the gate, read outside it so that an idle silo takes no lock.
    private int _holding;

    // When the stream's last acknowledgement was sent, paced per stream.
    private long? _streamSentAt;

    /// <summary>
    /// Acknowledges each server's number now, or, while the silo is busy, once the interval since that server's last
    /// acknowledgement has passed.
    /// </summary>
    public void Acknowledge(ReadOnlySpan<ConsoleAck> acks)
    {
        if (interval <= TimeSpan.Zero)
        {
            acknowledge(acks);
            return;
        }

        var pace = busy();
        if (!pace && Volatile.Read(ref _holding) == 0)
        {
            acknowledge(acks);
            return;
        }

        if (perStream)
        {
            AcknowledgeStream(acks, pace);
            return;
        }

        List<ConsoleAck>? going = null;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            var now = time.GetTimestamp();
            var allGo = true;
            foreach (var ack in acks)
            {
                var server = ServerOf(ack.ServerId);
                if (pace && (server.Held is not null || server.SentAt is { } sent && time.GetElapsedTime(sent, now) < interval))
                {
                    Hold(server, ack.Number);
                    Arm(interval - time.GetElapsedTime(server.SentAt!.Value, now));
                    allGo = false;
                    continue;
                }

                _holding -= server.Held is null ? 0 : 1;
                server.Held = null;
                server.SentAt = now;
                (going ??= []).Add(ack);
            }

            if (allGo && _holding == 0)
            {
                going = null;
            }
            else if (going is not null)
            {
                // A message goes now anyway: what other servers hold goes in it, so the stream's acknowledgements stay one message.
                TakeHeld(going, now);
            }
            else
            {
                return;
            }
        }

        if (going is null)
        {
            acknowledge(acks);
        }
        else
        {
            acknowledge(CollectionsMarshal.AsSpan(going));
        }
    }

    // Paced per stream: held as a whole while the stream's last acknowledgement is younger than the interval (or
    // others wait already), and then every server's latest number goes in one message.
    private void AcknowledgeStream(ReadOnlySpan<ConsoleAck> acks, bool pace)
    {
        List<ConsoleAck>? going = null;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            var now = time.GetTimestamp();
            if (pace && (_holding > 0 || _streamSentAt is { } sent && time.GetElapsedTime(sent, now) < interval))
            {
                foreach (var ack in acks)
                {
                    Hold(ServerOf(ack.ServerId), ack.Number);
                }

                Arm(interval - time.GetElapsedTime(_streamSentAt!.Value, now));
                return;
            }

            _streamSentAt = now;
            if (_holding > 0)
            {
                // Not busy any more, with numbers still held: they go in this message, and these replace theirs.
                going = [];
                TakeHeld(going, now);
                foreach (var ack in acks)
                {
                    going.RemoveAll(earlier => earlier.ServerId == ack.ServerId);
                    going.Add(ack);
                }
            }
        }

        if (going is null)
        {
            acknowledge(acks);
        }
        else
        {
            acknowledge(CollectionsMarshal.AsSpan(going));
        }
    }

    /// <summary>The stream ended: what is held is not sent (its agent sends those lines again on its next stream, and they are stored once).</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _timer?.Dispose();
        }
    }

    // Under the gate.
    private Server ServerOf(string serverId)
    {
        if (!_servers.TryGetValue(serverId, out var server))
        {
            _servers.Add(serverId, server = new Server());
        }

        return server;
    }

    // Under the gate. Numbers only rise on a stream: the later acknowledgement covers the earlier one.
    private void Hold(Server server, ulong number)
    {
        _holding += server.Held is null ? 1 : 0;
        server.Held = number;
        held?.Invoke();
    }

    // Under the gate.
    private void Arm(TimeSpan due)
    {
        if (_armed)
        {
            return;
        }

        _armed = true;
        due = due > TimeSpan.Zero ? due : TimeSpan.Zero;
        if (_timer is null)
        {
            _timer = time.CreateTimer(static state => ((ConsoleAckPacer)state!).SendDue(), this, due, Timeout.InfiniteTimeSpan);
        }
        else
        {
            _timer.Change(due, Timeout.InfiniteTimeSpan);
        }
    }

    // The first held acknowledgement is due: every held one goes with it, in one message.
    private void SendDue()
    {
        var due = new List<ConsoleAck>();
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _armed = false;
            TakeHeld(due, time.GetTimestamp());
        }

        // Outside the gate: a send may write to the stream. A server's next acknowledgement is held for an interval
        // after these, and the agent ignores a number below one it already has.
        if (due.Count > 0)
        {
            acknowledge(CollectionsMarshal.AsSpan(due));
        }
    }

    // Under the gate.
    private void TakeHeld(List<ConsoleAck> into, long now)
    {
        if (_holding == 0)
        {
            return;
        }

        foreach (var (serverId, server) in _servers)
        {
            if (server.Held is { } number)
            {
                server.Held = null;
                server.SentAt = now;
                into.Add(new ConsoleAck(serverId, number));
            }
        }

        _holding = 0;
        _streamSentAt = now;
    }

    private sealed class Server
    {
        /// <summary>When its last acknowledgement was sent, as a <see cref="TimeProvider"/> timestamp.</summary>
        public long? SentAt { get; set; }

        /// <summary>The number waiting to be acknowledged.</summary>
        public ulong? Held { get; set; }
    }
}

namespace GameOps.Silo.Gateway;

/// <summary>
/// One agent stream's console acknowledgements, at most one per server per <c>interval</c> (docs/adr/0037): an
/// acknowledgement that comes sooner after the server's last one is held until the interval has passed, and a later
/// one for the same server replaces it. The agent sends a batch that is not full only once the one before it is
/// acknowledged, so a server that streams lines gets them acknowledged, and sends them, in fewer, larger batches; a
/// server that sends now and then is acknowledged at once. Only what was stored is ever acknowledged: this only delays.
/// </summary>
public sealed class ConsoleAckPacer(Action<string, ulong> acknowledge, TimeSpan interval, TimeProvider time) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Server> _servers = new(StringComparer.Ordinal);
    private ITimer? _timer;
    private bool _armed;
    private bool _disposed;

    /// <summary>Acknowledges <paramref name="number"/> of <paramref name="serverId"/> now, or once the interval since its last acknowledgement has passed.</summary>
    public void Acknowledge(string serverId, ulong number)
    {
        if (interval <= TimeSpan.Zero)
        {
            acknowledge(serverId, number);
            return;
        }

        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            var now = time.GetTimestamp();
            if (!_servers.TryGetValue(serverId, out var server))
            {
                _servers.Add(serverId, server = new Server());
            }

            if (server.Held is not null || server.SentAt is { } sent && time.GetElapsedTime(sent, now) < interval)
            {
                // Numbers only rise on a stream: the later acknowledgement covers the earlier one.
                server.Held = number;
                Arm(interval - time.GetElapsedTime(server.SentAt!.Value, now));
                return;
            }

            server.SentAt = now;
        }

        acknowledge(serverId, number);
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

    private void SendDue()
    {
        List<(string ServerId, ulong Number)>? due = null;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _armed = false;
            var now = time.GetTimestamp();
            TimeSpan? next = null;
            foreach (var (serverId, server) in _servers)
            {
                if (server.Held is not { } number)
                {
                    continue;
                }

                var wait = interval - time.GetElapsedTime(server.SentAt!.Value, now);
                if (wait > TimeSpan.Zero)
                {
                    next = next is { } n && n <= wait ? n : wait;
                    continue;
                }

                server.Held = null;
                server.SentAt = now;
                (due ??= []).Add((serverId, number));
            }

            if (next is { } soonest)
            {
                Arm(soonest);
            }
        }

        // Outside the gate: a send may write to the stream. A server's next acknowledgement is held for an interval
        // after these, and the agent ignores a number below one it already has.
        foreach (var (serverId, number) in due ?? [])
        {
            acknowledge(serverId, number);
        }
    }

    private sealed class Server
    {
        /// <summary>When its last acknowledgement was sent, as a <see cref="TimeProvider"/> timestamp.</summary>
        public long? SentAt { get; set; }

        /// <summary>The number waiting to be acknowledged.</summary>
        public ulong? Held { get; set; }
    }
}

using GameOps.AgentProtocol;
using GameOps.EdgeAgent.Adapters;
using GameOps.EdgeAgent.Channel;
using GameOps.EdgeAgent.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GameOps.EdgeAgent.Health;

/// <summary>
/// Probes every game server on this host every <see cref="AgentConfig.HealthProbeInterval"/> with its adapter's
/// <see cref="IGameAdapter.ProbeAsync"/>, bounded by <see cref="ServerHealthOptions.ProbeTimeout"/>: an answer is UP; a
/// refused connection or password, or any other adapter error, is DOWN; no answer in time is HUNG (the console is
/// there but the game does not answer, so a frozen game shows while its process lives). Sends a
/// <see cref="ServerHealth"/> to the control plane with every probe, so the control plane's last check stays fresh
/// while a server stays up; each new stream starts with the latest state of every server (<see cref="ServerHealthBoard"/>).
/// Logs a server's change of state, then at most once per <see cref="StillFailingLogInterval"/> while it stays down or
/// hung, and never a stack trace for what a game server does (only for a fault of the agent's own adapter).
/// </summary>
public sealed partial class ServerHealthMonitor(
    AgentConfig config,
    GameAdapterRegistry adapters,
    ServerHealthBoard board,
    IAgentOutbox outbox,
    IOptions<ServerHealthOptions> options,
    TimeProvider timeProvider,
    ILogger<ServerHealthMonitor> logger) : BackgroundService
{
    /// <summary>How often a server that stays down or hung is logged again: a bad server must not flood the log.</summary>
    public static readonly TimeSpan StillFailingLogInterval = TimeSpan.FromMinutes(1);

    private const string Redacted = "[redacted]";

    private readonly TimeSpan _probeTimeout = options.Value.ProbeTimeout;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (config.HealthProbeInterval <= TimeSpan.Zero || config.Servers.Count == 0)
        {
            LogProbeOff(config.Servers.Count);
            return;
        }

        // Each server on its own schedule: a hung one never delays the others' probes.
        await Task.WhenAll(config.Servers.Select(server => ProbeLoopAsync(server, stoppingToken)));
    }

    /// <summary>Probes <paramref name="server"/> once, records and sends the result, and logs it when it is due.</summary>
    private async Task ProbeOnceAsync(GameServerConfig server, IGameAdapter adapter, ProbeLog log, CancellationToken stoppingToken)
    {
        var (state, detail, fault) = await ProbeAsync(server, adapter, stoppingToken);
        var now = timeProvider.GetUtcNow();
        var health = ServerHealthBoard.Create(server.Id, state, Redact(detail, server), now);
        var changed = board.Record(health);
        if (changed)
        {
            log.StateSince = now;
        }

        if (changed || (state != ServerState.Up && now - log.LoggedAt >= StillFailingLogInterval))
        {
            log.LoggedAt = now;
            if (fault is not null)
            {
                LogProbeFault(server.Id, fault);
            }

            if (changed)
            {
                LogStateChanged(server.Id, state, health.Detail);
            }
            else
            {
                LogStillFailing(server.Id, state, log.StateSince, health.Detail);
            }
        }

        outbox.TrySend(new AgentMessage { ServerHealth = health.Clone() });
    }

    private async Task ProbeLoopAsync(GameServerConfig server, CancellationToken stoppingToken)
    {
        if (!adapters.TryGet(server.Kind, out var adapter))
        {
            LogNoAdapter(server.Id, server.Kind);
            return;
        }

        try
        {
            using var timer = new PeriodicTimer(config.HealthProbeInterval, timeProvider);
            var log = new ProbeLog();
            do
            {
                await ProbeOnceAsync(server, adapter, log, stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task<(ServerState State, string Detail, Exception? Fault)> ProbeAsync(
        GameServerConfig server, IGameAdapter adapter, CancellationToken stoppingToken)
    {
        using var timeout = new CancellationTokenSource(_probeTimeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);
        try
        {
            // WaitAsync: even an adapter that ignored the token could not stall this server's schedule.
            await adapter.ProbeAsync(server, linked.Token).WaitAsync(linked.Token);
            return (ServerState.Up, string.Empty, null);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
        {
            return (ServerState.Hung,
                $"the console accepted the connection but did not answer within {_probeTimeout.TotalSeconds:0.###} s", null);
        }
        catch (GameAdapterException exception)
        {
            return (ServerState.Down, exception.Message, null);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // An adapter bug: its message could hold anything, so it stays in the local log (with its stack trace).
            return (ServerState.Down, $"the agent's {server.Kind} adapter failed unexpectedly ({exception.GetType().Name}); see the agent's log", exception);
        }
    }

    // A console can echo its own password: it must never leave the host, not even inside an error.
    private static string Redact(string text, GameServerConfig server) =>
        server.Password.Length > 0 && text.Contains(server.Password, StringComparison.Ordinal)
            ? text.Replace(server.Password, Redacted, StringComparison.Ordinal)
            : text;

    [LoggerMessage(EventId = 60, Level = LogLevel.Information, Message = "Game server {ServerId} is now {State} {Detail}")]
    private partial void LogStateChanged(string serverId, ServerState state, string detail);

    [LoggerMessage(EventId = 61, Level = LogLevel.Error, Message = "The health probe of game server {ServerId} failed unexpectedly")]
    private partial void LogProbeFault(string serverId, Exception exception);

    [LoggerMessage(EventId = 62, Level = LogLevel.Warning, Message = "Game server {ServerId} is not probed: this agent has no adapter for kind {Kind}")]
    private partial void LogNoAdapter(string serverId, string kind);

    [LoggerMessage(EventId = 63, Level = LogLevel.Information, Message = "The health probe is off ({ServerCount} game servers, healthProbeSeconds 0 or no servers)")]
    private partial void LogProbeOff(int serverCount);

    [LoggerMessage(EventId = 64, Level = LogLevel.Warning, Message = "Game server {ServerId} is still {State} (since {Since:O}): {Detail}")]
    private partial void LogStillFailing(string serverId, ServerState state, DateTimeOffset since, string detail);

    /// <summary>When one server's probe last logged, and since when its state holds; used by that server's loop only.</summary>
    private sealed class ProbeLog
    {
        public DateTimeOffset LoggedAt { get; set; } = DateTimeOffset.MinValue;

        public DateTimeOffset StateSince { get; set; }
    }
}

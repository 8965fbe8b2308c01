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
/// <see cref="ServerHealth"/> to the control plane when a server's state changes, and with every probe while it is
/// not UP; each new stream starts with the latest state of every server (<see cref="ServerHealthBoard"/>).
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

    /// <summary>Probes <paramref name="server"/> once, records the result and sends it when it must be sent.</summary>
    private async Task ProbeOnceAsync(GameServerConfig server, IGameAdapter adapter, CancellationToken stoppingToken)
    {
        var (state, detail) = await ProbeAsync(server, adapter, stoppingToken);
        var health = ServerHealthBoard.Create(server.Id, state, Redact(detail, server), timeProvider.GetUtcNow());
        var changed = board.Record(health);
        if (changed)
        {
            LogStateChanged(server.Id, state, health.Detail);
        }

        if (changed || state != ServerState.Up)
        {
            outbox.TrySend(new AgentMessage { ServerHealth = health.Clone() });
        }
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
            do
            {
                await ProbeOnceAsync(server, adapter, stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task<(ServerState State, string Detail)> ProbeAsync(GameServerConfig server, IGameAdapter adapter, CancellationToken stoppingToken)
    {
        using var timeout = new CancellationTokenSource(_probeTimeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);
        try
        {
            // WaitAsync: even an adapter that ignored the token could not stall this server's schedule.
            await adapter.ProbeAsync(server, linked.Token).WaitAsync(linked.Token);
            return (ServerState.Up, string.Empty);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
        {
            return (ServerState.Hung,
                $"the console accepted the connection but did not answer within {_probeTimeout.TotalSeconds:0.###} s");
        }
        catch (GameAdapterException exception)
        {
            return (ServerState.Down, exception.Message);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // An adapter bug: its message could hold anything, so it stays in the local log.
            LogProbeFault(server.Id, exception);
            return (ServerState.Down, $"the agent's {server.Kind} adapter failed unexpectedly ({exception.GetType().Name}); see the agent's log");
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
}

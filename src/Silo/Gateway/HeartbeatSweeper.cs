using GameOps.Grains.Agents;
using GameOps.Grains.Hosts;
using Microsoft.Extensions.Options;

namespace GameOps.Silo.Gateway;

/// <summary>
/// Ends the streams of agents whose heartbeats stopped while their connection stayed open (a frozen
/// process, a half-open TCP connection). Runs on every silo over its own streams: a grain timer would
/// die with its activation, and reminders tick at most once a minute.
/// </summary>
public sealed partial class HeartbeatSweeper(
    AgentConnectionRegistry registry,
    IOptions<AgentChannelOptions> options,
    TimeProvider time,
    ILogger<HeartbeatSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var timeout = options.Value.HeartbeatTimeout;
        using var timer = new PeriodicTimer(TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond * 100, timeout.Ticks / 10)), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var connection in registry.Connections)
            {
                if (connection.SinceLastHeartbeat > timeout && connection.AbortReason is null)
                {
                    LogSilent(logger, connection.HostId, connection.Id, connection.SinceLastHeartbeat);
                    connection.Abort(DisconnectReason.HeartbeatsMissed);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Host {HostId}: no heartbeat on stream {ConnectionId} for {Silence}; closing it")]
    private static partial void LogSilent(ILogger logger, string hostId, Guid connectionId, TimeSpan silence);
}

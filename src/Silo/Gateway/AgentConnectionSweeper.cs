using System.Diagnostics;
using GameOps.Grains;
using GameOps.Grains.Agents;
using GameOps.Grains.Hosts;
using GameOps.Grains.Jobs;
using GameOps.Grains.Observability;
using Microsoft.Extensions.Options;

namespace GameOps.Silo.Gateway;

/// <summary>
/// Looks after this silo's agent streams: ends those whose heartbeats stopped while the connection stayed open (a
/// frozen process, a half-open TCP connection), and sends again the jobs an agent did not acknowledge. Runs on every
/// silo over its own streams: a grain timer would die with its activation, and reminders tick at most once a minute.
/// </summary>
public sealed partial class AgentConnectionSweeper(
    AgentConnectionRegistry registry,
    IGrainFactory grains,
    IOptions<AgentChannelOptions> options,
    TimeProvider time,
    ILogger<AgentConnectionSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var heartbeatTimeout = options.Value.HeartbeatTimeout;
        var ackTimeout = options.Value.AckTimeout;
        var shorter = heartbeatTimeout < ackTimeout ? heartbeatTimeout : ackTimeout;
        using var timer = new PeriodicTimer(TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond * 100, shorter.Ticks / 10)), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var connection in registry.Connections)
            {
                if (connection.AbortReason is not null)
                {
                    continue;
                }

                if (connection.SinceLastHeartbeat > heartbeatTimeout)
                {
                    LogSilent(logger, connection.HostId, connection.Id, connection.SinceLastHeartbeat);
                    connection.Abort(DisconnectReason.HeartbeatsMissed);
                    continue;
                }

                foreach (var job in connection.ResendUnacknowledged(ackTimeout, time.GetUtcNow()))
                {
                    await RecordResendAsync(connection, job);
                }
            }
        }
    }

    private async Task RecordResendAsync(AgentConnection connection, AgentJob job)
    {
        // The resend continues the job's own trace rather than starting one for the sweep.
        using var activity = GameOpsTracing.StartActivity("ResendJob", ActivityKind.Internal, job.TraceParent);
        using var scope = logger.BeginScope(new JobLogScope(job.JobId, job.ServerId, connection.OrgId));
        LogResend(logger, connection.HostId, job.JobId);
        try
        {
            await grains.GetJobGrain(job.JobId).MarkDispatchedAsync();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The job went out again either way; only its attempt count is behind.
            LogAttemptNotRecorded(logger, exception, connection.HostId, job.JobId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Host {HostId}: no heartbeat on stream {ConnectionId} for {Silence}; closing it")]
    private static partial void LogSilent(ILogger logger, string hostId, Guid connectionId, TimeSpan silence);

    [LoggerMessage(Level = LogLevel.Information, Message = "Host {HostId}: job {JobId} was not acknowledged; sending it again")]
    private static partial void LogResend(ILogger logger, string hostId, Guid jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Host {HostId}: job {JobId} was sent again, but its attempt could not be recorded")]
    private static partial void LogAttemptNotRecorded(ILogger logger, Exception exception, string hostId, Guid jobId);
}

using GameOps.Grains;
using GameOps.Grains.Jobs;
using Microsoft.Extensions.Options;

namespace GameOps.Silo.Jobs;

/// <summary>
/// Deletes job history past its retention, on every silo, every <see cref="JobHistoryOptions.SweepInterval"/>. A
/// per-silo sweeper rather than a reminder: the delete is idempotent, so two silos sweeping costs one empty delete,
/// and it needs no grain activation or reminder row of its own (docs/adr/0018-job-history-rows-beside-job-state.md).
/// </summary>
public sealed partial class JobHistorySweeper(
    IJobHistory history,
    IDomainClock clock,
    IOptions<JobHistoryOptions> options,
    ILogger<JobHistorySweeper> logger) : BackgroundService
{
    /// <summary>Deletes what was created before now minus the retention; returns how many jobs.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var cutoff = clock.UtcNow - options.Value.Retention;
        var deleted = await history.DeleteCreatedBeforeAsync(cutoff, cancellationToken);
        if (deleted > 0)
        {
            LogSwept(deleted, cutoff);
        }

        return deleted;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval);
        try
        {
            do
            {
                try
                {
                    await SweepAsync(stoppingToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // The next tick tries again; history past its retention only waits a little longer.
                    LogSweepFailed(exception);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} jobs created before {Cutoff} from the job history")]
    private partial void LogSwept(int count, DateTimeOffset cutoff);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweeping the job history failed; trying again at the next interval")]
    private partial void LogSweepFailed(Exception exception);
}

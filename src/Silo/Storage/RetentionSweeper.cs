using GameOps.Grains;

namespace GameOps.Silo.Storage;

/// <summary>
/// Deletes records past their retention, on every silo, every sweep interval. A per-silo sweeper rather than a
/// reminder: the delete is idempotent, so two silos sweeping costs one empty delete, and it needs no grain activation or
/// reminder row of its own (docs/adr/0018-job-history-rows-beside-job-state.md). The cutoff is on the domain clock.
/// </summary>
public abstract partial class RetentionSweeper(IDomainClock clock, ILogger logger) : BackgroundService
{
    /// <summary>What is swept, for the log: "jobs", "audit entries".</summary>
    protected abstract string Records { get; }

    protected abstract TimeSpan Retention { get; }

    protected abstract TimeSpan SweepInterval { get; }

    /// <summary>Deletes the records made before <paramref name="cutoff"/>; returns how many.</summary>
    protected abstract Task<int> DeleteBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);

    /// <summary>Deletes what was made before now minus the retention; returns how many records.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var cutoff = clock.UtcNow - Retention;
        var deleted = await DeleteBeforeAsync(cutoff, cancellationToken);
        if (deleted > 0)
        {
            LogSwept(logger, deleted, Records, cutoff);
        }

        return deleted;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(SweepInterval);
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
                    // The next tick tries again; records past their retention only wait a little longer.
                    LogSweepFailed(logger, exception, Records);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} {Records} made before {Cutoff}")]
    private static partial void LogSwept(ILogger logger, int count, string records, DateTimeOffset cutoff);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweeping {Records} past their retention failed; trying again at the next interval")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception, string records);
}

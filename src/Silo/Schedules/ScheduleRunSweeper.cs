using GameOps.Grains;
using GameOps.Grains.Schedules;
using GameOps.Silo.Storage;
using Microsoft.Extensions.Options;

namespace GameOps.Silo.Schedules;

/// <summary>
/// Deletes schedule runs that ended longer than <see cref="ScheduleOptions.RunRetention"/> ago (see
/// <see cref="RetentionSweeper"/>). A run still going on is kept.
/// </summary>
public sealed class ScheduleRunSweeper(
    IScheduleRunLedger ledger,
    IDomainClock clock,
    IOptions<ScheduleOptions> options,
    ILogger<ScheduleRunSweeper> logger) : RetentionSweeper(clock, logger)
{
    protected override string Records => "schedule runs";

    protected override TimeSpan Retention => options.Value.RunRetention;

    protected override TimeSpan SweepInterval => options.Value.RunSweepInterval;

    protected override Task<int> DeleteBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        ledger.DeleteEndedBeforeAsync(cutoff, cancellationToken);
}

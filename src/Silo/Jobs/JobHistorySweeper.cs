using GameOps.Grains;
using GameOps.Grains.Jobs;
using GameOps.Silo.Storage;
using Microsoft.Extensions.Options;

namespace GameOps.Silo.Jobs;

/// <summary>Deletes job history past <see cref="JobHistoryOptions.Retention"/> (see <see cref="RetentionSweeper"/>).</summary>
public sealed class JobHistorySweeper(
    IJobHistory history,
    IDomainClock clock,
    IOptions<JobHistoryOptions> options,
    ILogger<JobHistorySweeper> logger) : RetentionSweeper(clock, logger)
{
    protected override string Records => "jobs";

    protected override TimeSpan Retention => options.Value.Retention;

    protected override TimeSpan SweepInterval => options.Value.SweepInterval;

    protected override Task<int> DeleteBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        history.DeleteCreatedBeforeAsync(cutoff, cancellationToken);
}

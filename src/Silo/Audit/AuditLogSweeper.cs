using GameOps.Grains;
using GameOps.Grains.Audit;
using GameOps.Silo.Storage;
using Microsoft.Extensions.Options;

namespace GameOps.Silo.Audit;

/// <summary>Deletes audit entries past <see cref="AuditLogOptions.Retention"/> (see <see cref="RetentionSweeper"/>).</summary>
public sealed class AuditLogSweeper(
    IAuditLog log,
    IDomainClock clock,
    IOptions<AuditLogOptions> options,
    ILogger<AuditLogSweeper> logger) : RetentionSweeper(clock, logger)
{
    protected override string Records => "audit entries";

    protected override TimeSpan Retention => options.Value.Retention;

    protected override TimeSpan SweepInterval => options.Value.SweepInterval;

    protected override Task<int> DeleteBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        log.DeleteBeforeAsync(cutoff, cancellationToken);
}

using GameOps.Silo.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GameOps.Silo.Health;

public sealed class StorageHealthCheck(IStorageProbe store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.PingAsync(cancellationToken);
            return HealthCheckResult.Healthy("Storage is reachable.");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("Storage is not reachable.", exception);
        }
    }
}

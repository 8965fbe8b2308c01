using GameOps.Silo.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GameOps.Silo.Health;

/// <summary>A grain-less process is ready once it can call grains (<see cref="ClusterConnection"/>).</summary>
public sealed class ClusterConnectionHealthCheck(ClusterConnection connection) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(connection.IsConnected
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("No silo of the cluster has answered yet."));
}

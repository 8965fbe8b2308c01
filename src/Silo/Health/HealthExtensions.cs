using System.Text;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GameOps.Silo.Health;

public static class HealthExtensions
{
    private const string ReadyTag = "ready";

    public static IServiceCollection AddGameOpsHealth(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<StorageHealthCheck>("storage", tags: [ReadyTag]);
        return services;
    }

    /// <summary>Makes <c>/readyz</c> follow cluster mode's membership store as well as its storage.</summary>
    public static IServiceCollection AddRedisReadiness(this IServiceCollection services, string connectionString)
    {
        // One check for the process: a registration's factory runs on every probe, a connection must not.
        services.AddSingleton(_ => new RedisHealthCheck(connectionString));
        services.AddHealthChecks().Add(new HealthCheckRegistration(
            "redis", provider => provider.GetRequiredService<RedisHealthCheck>(), failureStatus: null, tags: [ReadyTag]));
        return services;
    }

    /// <summary>Makes <c>/readyz</c> of a grain-less process wait for its connection to the cluster's silos.</summary>
    public static IServiceCollection AddClusterConnectionReadiness(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<ClusterConnectionHealthCheck>("cluster", tags: [ReadyTag]);
        return services;
    }

    /// <summary><c>/healthz</c>: the process answers. <c>/readyz</c>: it can reach its storage.</summary>
    public static IEndpointRouteBuilder MapGameOpsHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = WriteEachCheckAsync,
        });
        return app;
    }

    /// <summary>
    /// The overall status, then one line per store with its description, so an operator sees which store failed. The
    /// exceptions stay in the log: their messages can name hosts and users.
    /// </summary>
    private static Task WriteEachCheckAsync(HttpContext context, HealthReport report)
    {
        var text = new StringBuilder().Append(report.Status).Append('\n');
        foreach (var (name, entry) in report.Entries.OrderBy(entry => entry.Key, StringComparer.Ordinal))
        {
            text.Append(name).Append(": ").Append(entry.Status);
            if (!string.IsNullOrEmpty(entry.Description))
            {
                text.Append(" (").Append(entry.Description).Append(')');
            }

            text.Append('\n');
        }

        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text.ToString(), context.RequestAborted);
    }
}

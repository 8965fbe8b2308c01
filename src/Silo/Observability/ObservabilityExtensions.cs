using System.Diagnostics.Metrics;
using GameOps.AgentProtocol;
using GameOps.Grains.Observability;
using GameOps.Silo.Hosting;
using GameOps.Silo.Security;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orleans.Dashboard;

namespace GameOps.Silo.Observability;

public static class ObservabilityExtensions
{
    public const string ServiceName = "gameops-silo";

    // Orleans' activity source for calls to application grains (its runtime's own calls stay untraced).
    private const string OrleansApplicationSource = "Microsoft.Orleans.Application";

    private static readonly string[] Meters =
    [
        GameOpsMetrics.MeterName,
        "Microsoft.Orleans",
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "System.Runtime",
    ];

    /// <summary>
    /// The Orleans dashboard, OpenTelemetry metrics for Prometheus and traces (recorded and exported over OTLP
    /// when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set), each switched by <c>GameOps:Observability</c>.
    /// </summary>
    public static WebApplicationBuilder AddGameOpsObservability(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ObservabilityOptions>().BindConfiguration(ObservabilityOptions.Section);
        var options = builder.Configuration.GetSection(ObservabilityOptions.Section).Get<ObservabilityOptions>() ?? new ObservabilityOptions();

        // Spans are recorded only when something exports them (ADR 0008): with no listener, neither Orleans nor
        // GameOps creates an activity, and a job carries its trace context explicitly instead.
        var recordSpans = options.Tracing && !string.IsNullOrWhiteSpace(builder.Configuration[ObservabilityOptions.OtlpEndpointSetting]);

        // UseOrleans adds to the silo AddGameOpsSilo configured; a grain-less process has none, so no dashboard.
        if (SiloRoleSet.Read(builder.Configuration).HasFlag(SiloRoles.Grains))
        {
            builder.UseOrleans(silo =>
            {
                if (options.Dashboard)
                {
                    silo.AddDashboard();
                }

                if (recordSpans)
                {
                    silo.AddActivityPropagation();
                }
            });
        }
        else if (recordSpans)
        {
            builder.UseOrleansClient(client => client.AddActivityPropagation());
        }

        if (!options.Metrics && !recordSpans)
        {
            return builder;
        }

        var telemetry = builder.Services.AddOpenTelemetry().ConfigureResource(resource => resource.AddService(ServiceName));
        if (options.Metrics)
        {
            telemetry.WithMetrics(metrics => metrics.AddMeter(Meters).AddView(DropDirectoryLookupCounts).AddPrometheusExporter());
        }

        if (recordSpans)
        {
            telemetry.WithTracing(tracing => tracing
                .AddSource(GameOpsTracing.SourceName, OrleansApplicationSource)
                .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = http => !IsUntracedRequest(http.Request.Path))
                .AddOtlpExporter());
        }

        return builder;
    }

    /// <summary>The dashboard and the scrape endpoint, for the platform admin only.</summary>
    public static IEndpointRouteBuilder MapGameOpsObservability(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<IOptions<ObservabilityOptions>>().Value;
        if (options.Metrics)
        {
            app.MapPrometheusScrapingEndpoint(ObservabilityOptions.MetricsPath)
                .RequireAuthorization(GameOpsClaims.PlatformAdminPolicy);
        }

        if (options.Dashboard && app.ServiceProvider.GetRequiredService<IOptions<SiloOptions>>().Value.Roles.HasFlag(SiloRoles.Grains))
        {
            app.MapOrleansDashboard(ObservabilityOptions.DashboardPath)
                .RequireAuthorization(GameOpsClaims.PlatformAdminPolicy)
                .WithMetadata(BasicChallengeMetadata.Instance);
        }

        return app;
    }

    /// <summary>
    /// Orleans counts every directory lookup as it happens: about 28 recordings per job (measured on /metrics), each
    /// aggregated on the hot path for a figure no GameOps alert or panel uses. Its directory gauges, message counts
    /// (read only at a scrape), activations and grain call and storage latencies stay.
    /// </summary>
    private static MetricStreamConfiguration? DropDirectoryLookupCounts(Instrument instrument) =>
        instrument.Meter.Name == "Microsoft.Orleans" && !instrument.IsObservable && instrument.Name.StartsWith("orleans-directory", StringComparison.Ordinal)
            ? MetricStreamConfiguration.Drop
            : null;

    private static readonly PathString AgentGatewayPath = "/" + AgentGateway.Descriptor.FullName;

    // Scrapes, dashboard polls (several a second while it is open) and health probes would bury the traces that matter.
    // An agent's stream is one request that lasts for hours: its messages have spans of their own (ADR 0005), and a
    // span per stream would only hold memory for each connected agent.
    private static bool IsUntracedRequest(PathString path) =>
        path.StartsWithSegments(AgentGatewayPath)
        || path.StartsWithSegments(ObservabilityOptions.MetricsPath)
        || path.StartsWithSegments(ObservabilityOptions.DashboardPath)
        || path.StartsWithSegments("/healthz")
        || path.StartsWithSegments("/readyz");
}

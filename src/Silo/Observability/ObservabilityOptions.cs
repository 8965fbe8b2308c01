namespace GameOps.Silo.Observability;

/// <summary>What the silo shows about itself; each part on unless configured off.</summary>
public sealed class ObservabilityOptions
{
    public const string Section = "GameOps:Observability";

    /// <summary>Where the Orleans dashboard is served.</summary>
    public const string DashboardPath = "/dashboard";

    /// <summary>Where Prometheus scrapes.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>The setting that names an OTLP collector; traces are exported only when it is set.</summary>
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The Orleans dashboard at <see cref="DashboardPath"/>, for the platform admin.</summary>
    public bool Dashboard { get; set; } = true;

    /// <summary>OpenTelemetry metrics for Prometheus at <see cref="MetricsPath"/>, for the platform admin.</summary>
    public bool Metrics { get; set; } = true;

    /// <summary>
    /// Spans for API requests, grain calls, the gateway and jobs, recorded and exported over OTLP when
    /// <see cref="OtlpEndpointSetting"/> is set. A job carries its request's trace context to the agent either way.
    /// </summary>
    public bool Tracing { get; set; } = true;
}

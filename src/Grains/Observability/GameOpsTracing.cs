using System.Diagnostics;

namespace GameOps.Grains.Observability;

/// <summary>GameOps' own activities, on the one source <see cref="SourceName"/>.</summary>
public static class GameOpsTracing
{
    public const string SourceName = "GameOps";

    public static ActivitySource Source { get; } = new(SourceName);

    /// <summary>The current activity as a W3C <c>traceparent</c>, or null when there is none to continue.</summary>
    public static string? CurrentTraceParent() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;

    /// <summary>
    /// Starts an activity that continues the trace of <paramref name="traceParent"/> (a W3C <c>traceparent</c>);
    /// a root activity when it is null or malformed. Null when nobody listens.
    /// </summary>
    public static Activity? StartActivity(string name, ActivityKind kind, string? traceParent) =>
        traceParent is not null && ActivityContext.TryParse(traceParent, null, isRemote: false, out var parent)
            ? Source.StartActivity(name, kind, parent)
            : Source.StartActivity(name, kind);
}

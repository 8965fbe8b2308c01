using GameOps.Grains.Schedules;

namespace GameOps.Silo.Schedules;

/// <summary>A schedule as a caller creates or replaces it; see docs/schedules.md.</summary>
public sealed record ScheduleRequest(
    string? Name,
    string? Cron,
    string? TimeZone,
    bool? Enabled,
    List<ScheduleTargetRequest>? Targets,
    List<ScheduleStepRequest>? Steps,
    MissedRunPolicy? MissedRuns,
    OverlapPolicy? Overlap,
    InterruptedRunPolicy? Interrupted,
    int? RunTimeoutSeconds);

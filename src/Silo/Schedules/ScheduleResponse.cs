using GameOps.Grains.Schedules;

namespace GameOps.Silo.Schedules;

/// <param name="NextRunAt">The next cron time in the schedule's zone (its offset shows summer or winter time); null when paused.</param>
public sealed record ScheduleResponse(
    Guid Id,
    string Name,
    string Cron,
    string TimeZone,
    bool Enabled,
    IReadOnlyList<ScheduleTargetResponse> Targets,
    IReadOnlyList<ScheduleStepResponse> Steps,
    MissedRunPolicy MissedRuns,
    OverlapPolicy Overlap,
    InterruptedRunPolicy Interrupted,
    int RunTimeoutSeconds,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? NextRunAt,
    ScheduleRunResponse? ActiveRun,
    ScheduleRunResponse? LastRun)
{
    public static ScheduleResponse From(ScheduleView view)
    {
        var spec = view.Spec;
        return new ScheduleResponse(
            view.Id, spec.Name, spec.Cron, spec.TimeZone, spec.Enabled,
            [.. spec.Targets.Select(t => new ScheduleTargetResponse(t.HostId, t.ServerId))],
            [.. spec.Steps.Select(ScheduleStepResponse.From)],
            spec.MissedRuns, spec.Overlap, spec.Interrupted, (int)spec.RunTimeout.TotalSeconds,
            view.CreatedAt, view.UpdatedAt, view.NextRunAt,
            view.ActiveRun is { } active ? ScheduleRunResponse.From(active) : null,
            view.LastRun is { } last ? ScheduleRunResponse.From(last) : null);
    }
}

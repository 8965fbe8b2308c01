using GameOps.Grains.Audit;

namespace GameOps.Grains.Schedules;

[GenerateSerializer]
[Alias("GameOps.ScheduleState")]
public sealed class ScheduleState : IAuditedState, IScheduleRunsState
{
    [Id(0)] public string OrgId { get; set; } = "";

    /// <summary>Null before the schedule is created and after it is deleted.</summary>
    [Id(1)] public ScheduleSpec? Spec { get; set; }

    [Id(2)] public DateTimeOffset CreatedAt { get; set; }

    [Id(3)] public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Cron times up to this one are dealt with: run, skipped or recorded as missed. A run is claimed by moving it.</summary>
    [Id(4)] public DateTimeOffset Cursor { get; set; }

    [Id(5)] public ScheduleRun? ActiveRun { get; set; }

    /// <summary>Where the active run is; null when none goes on.</summary>
    [Id(6)] public RunProgress? Progress { get; set; }

    /// <summary>A cron time that came during the active run, to run after it (<see cref="OverlapPolicy.Wait"/>).</summary>
    [Id(7)] public DateTimeOffset? Waiting { get; set; }

    /// <summary>The latest ended runs, newest first.</summary>
    [Id(8)] public List<ScheduleRun> Recent { get; set; } = [];

    /// <summary>Made by <see cref="IScheduleGrain.RunOnceAsync"/>: paused, unlisted, run only when asked.</summary>
    [Id(9)] public bool OneOff { get; set; }

    [NonSerialized]
    private readonly List<AuditEntry> _unwrittenAudit = [];

    [NonSerialized]
    private readonly List<ScheduleRun> _unwrittenRuns = [];

    List<AuditEntry> IAuditedState.UnwrittenAudit => _unwrittenAudit;

    List<ScheduleRun> IScheduleRunsState.UnwrittenRuns => _unwrittenRuns;
}

using System.Collections.Immutable;

namespace GameOps.Grains.Schedules;

/// <summary>What a schedule does and when: everything a caller sets.</summary>
/// <param name="Cron">A five-field cron expression (minute hour day month weekday), read in <paramref name="TimeZone"/>.</param>
/// <param name="TimeZone">An IANA time zone id, e.g. Europe/Berlin.</param>
/// <param name="RunTimeout">A run still going after this long ends as TimedOut.</param>
[GenerateSerializer, Immutable]
[Alias("GameOps.ScheduleSpec")]
public sealed record ScheduleSpec(
    [property: Id(0)] string Name,
    [property: Id(1)] string Cron,
    [property: Id(2)] string TimeZone,
    [property: Id(3)] bool Enabled,
    [property: Id(4)] ImmutableArray<ScheduleTarget> Targets,
    [property: Id(5)] ImmutableArray<ScheduleStep> Steps,
    [property: Id(6)] MissedRunPolicy MissedRuns,
    [property: Id(7)] OverlapPolicy Overlap,
    [property: Id(8)] InterruptedRunPolicy Interrupted,
    [property: Id(9)] TimeSpan RunTimeout);

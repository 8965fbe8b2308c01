namespace GameOps.Grains.Schedules;

/// <summary>A game server a schedule runs its steps on: server ids are unique per host only.</summary>
[GenerateSerializer, Immutable]
[Alias("GameOps.ScheduleTarget")]
public sealed record ScheduleTarget(
    [property: Id(0)] string HostId,
    [property: Id(1)] string ServerId);

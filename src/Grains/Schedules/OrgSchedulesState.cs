namespace GameOps.Grains.Schedules;

[GenerateSerializer]
[Alias("GameOps.OrgSchedulesState")]
public sealed class OrgSchedulesState
{
    [Id(0)] public List<Guid> ScheduleIds { get; set; } = [];
}

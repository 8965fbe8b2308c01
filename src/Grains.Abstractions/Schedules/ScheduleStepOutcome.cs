namespace GameOps.Grains.Schedules;

[GenerateSerializer]
[Alias("GameOps.ScheduleStepOutcome")]
public enum ScheduleStepOutcome
{
    Succeeded = 0,
    Failed = 1,
    TimedOut = 2,
    Skipped = 3,
}

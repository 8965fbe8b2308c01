namespace GameOps.Grains.Schedules;

/// <summary>How a step ended, as its runner found it.</summary>
internal sealed record StepEnd(ScheduleStepOutcome Outcome, string? Detail = null)
{
    public static readonly StepEnd Succeeded = new(ScheduleStepOutcome.Succeeded);
}

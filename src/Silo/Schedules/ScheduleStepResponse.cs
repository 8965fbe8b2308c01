using GameOps.Grains.Schedules;

namespace GameOps.Silo.Schedules;

/// <param name="Marks">For a restart: the marks it announces at, longest first (the defaults when none were given).</param>
public sealed record ScheduleStepResponse(
    ScheduleStepKind Kind,
    string? Action,
    IReadOnlyDictionary<string, string>? Arguments,
    int? Seconds,
    WaitCondition? Until,
    int? TimeoutSeconds,
    IReadOnlyList<int>? Marks,
    string? Text,
    bool SkipIfPlayersOnline,
    int? DeferMinutes)
{
    public static ScheduleStepResponse From(ScheduleStep step) => new(
        step.Kind, step.Action, step.Arguments, step.Seconds, step.Until, step.TimeoutSeconds,
        step.Kind == ScheduleStepKind.RestartWithCountdown ? [.. ScheduleRules.MarksOf(step)] : null,
        step.Kind == ScheduleStepKind.RestartWithCountdown ? step.Text ?? ScheduleLimits.DefaultCountdownText : step.Text,
        step.SkipIfPlayersOnline, step.DeferMinutes);
}

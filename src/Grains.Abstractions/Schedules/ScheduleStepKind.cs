namespace GameOps.Grains.Schedules;

[GenerateSerializer]
[Alias("GameOps.ScheduleStepKind")]
public enum ScheduleStepKind
{
    /// <summary>Runs one job action on every target and waits for the jobs to end.</summary>
    Action = 0,

    /// <summary>Waits a number of seconds.</summary>
    Wait = 1,

    /// <summary>Waits until a condition holds on every target, or fails when its timeout passes first.</summary>
    WaitUntil = 2,

    /// <summary>Announces the restart in game at each mark, saves the world, restarts and waits until the server answers again.</summary>
    RestartWithCountdown = 3,
}

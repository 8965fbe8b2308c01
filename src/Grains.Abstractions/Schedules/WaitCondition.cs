namespace GameOps.Grains.Schedules;

[GenerateSerializer]
[Alias("GameOps.WaitCondition")]
public enum WaitCondition
{
    /// <summary>No player is online on any target.</summary>
    NoPlayers = 0,

    /// <summary>Every target's console answers (health Up).</summary>
    HealthUp = 1,

    /// <summary>No target's console answers (health Down).</summary>
    HealthDown = 2,

    /// <summary>The jobs of the run's last action step have ended.</summary>
    JobsDone = 3,
}

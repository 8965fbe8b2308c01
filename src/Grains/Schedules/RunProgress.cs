namespace GameOps.Grains.Schedules;

/// <summary>Where a run is, stored with each step it takes, so a run resumed on another activation takes no step twice.</summary>
[GenerateSerializer]
[Alias("GameOps.RunProgress")]
public sealed class RunProgress
{
    /// <summary>The spec the run started with: a change saved meanwhile applies from the next run.</summary>
    [Id(0)] public ScheduleSpec Spec { get; set; } = null!;

    [Id(1)] public int Step { get; set; }

    /// <summary>Where the step is (each kind numbers its own phases).</summary>
    [Id(2)] public int Phase { get; set; }

    [Id(3)] public DateTimeOffset StepStartedAt { get; set; }

    [Id(4)] public DateTimeOffset PhaseStartedAt { get; set; }

    /// <summary>The jobs the current phase waits for.</summary>
    [Id(5)] public List<Guid> Jobs { get; set; } = [];

    /// <summary>Every job the current step made.</summary>
    [Id(6)] public List<Guid> StepJobs { get; set; } = [];

    /// <summary>The jobs of the last action step, which a wait-until for jobs waits on.</summary>
    [Id(7)] public List<Guid> LastActionJobs { get; set; } = [];

    /// <summary>The countdown's next mark, as an index into its marks (longest first).</summary>
    [Id(8)] public int NextMark { get; set; }

    [Id(9)] public DateTimeOffset? RestartAt { get; set; }

    /// <summary>Targets stopped through the game's shutdown command, to be seen answering again.</summary>
    [Id(10)] public List<ScheduleTarget> ShutDown { get; set; } = [];

    public void NextStep(DateTimeOffset now)
    {
        Step++;
        Phase = 0;
        StepStartedAt = now;
        PhaseStartedAt = now;
        Jobs = [];
        StepJobs = [];
        NextMark = 0;
        RestartAt = null;
        ShutDown = [];
    }

    public void NextPhase(int phase, DateTimeOffset now)
    {
        Phase = phase;
        PhaseStartedAt = now;
    }
}

namespace GameOps.Grains.Jobs;

[GenerateSerializer]
[Alias("GameOps.CancelOutcome")]
public enum CancelOutcome
{
    /// <summary>The job had not been sent to its agent: it is Cancelled.</summary>
    Cancelled = 0,

    /// <summary>The job was sent to its agent, which is told; it answers Cancelled if it has not started the job.</summary>
    Requested = 1,

    /// <summary>The job is running and ends with the game's answer: a console command cannot be taken back.</summary>
    AlreadyRunning = 2,

    /// <summary>The job had already ended.</summary>
    AlreadyFinished = 3,
}

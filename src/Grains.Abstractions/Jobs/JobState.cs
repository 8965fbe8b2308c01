namespace GameOps.Grains.Jobs;

[GenerateSerializer]
[Alias("GameOps.JobState")]
public enum JobState
{
    Queued = 0,
    Dispatched = 1,
    Running = 2,
    Succeeded = 3,
    Failed = 4,
    TimedOut = 5,

    /// <summary>Cancelled before it ran: taken out of the queue, or refused by an agent that had not started it.</summary>
    Cancelled = 6,
}

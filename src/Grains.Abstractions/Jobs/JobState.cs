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
}

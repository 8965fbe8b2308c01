namespace GameOps.Grains.Jobs;

public static class JobStates
{
    /// <summary>Whether a job in <paramref name="state"/> has ended: nothing changes it any more.</summary>
    public static bool IsFinished(JobState state) =>
        state is JobState.Succeeded or JobState.Failed or JobState.TimedOut or JobState.Cancelled;
}

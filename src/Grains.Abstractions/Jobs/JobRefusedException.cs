namespace GameOps.Grains.Jobs;

/// <summary>
/// The server's effective policy, as its agent last reported it, refuses the job: nothing was stored. The message is
/// the policy's own words.
/// </summary>
[GenerateSerializer]
[Alias("GameOps.JobRefusedException")]
public sealed class JobRefusedException : Exception
{
    public JobRefusedException() { }

    public JobRefusedException(string refusal) : base(refusal) { }

    public JobRefusedException(string message, Exception innerException) : base(message, innerException) { }
}

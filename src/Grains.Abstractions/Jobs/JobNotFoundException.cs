namespace GameOps.Grains.Jobs;

[GenerateSerializer]
[Alias("GameOps.JobNotFoundException")]
public sealed class JobNotFoundException : Exception
{
    public JobNotFoundException() { }

    public JobNotFoundException(Guid jobId) : base($"Job '{jobId}' does not exist.") { }

    public JobNotFoundException(string message, Exception innerException) : base(message, innerException) { }
}

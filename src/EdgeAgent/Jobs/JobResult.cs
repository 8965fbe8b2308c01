namespace GameOps.EdgeAgent.Jobs;

/// <summary>How a job ended: the game's answer, or why it failed.</summary>
public sealed record JobResult(bool Succeeded, string Output, string Error)
{
    public static JobResult Success(string output) => new(true, output, string.Empty);

    public static JobResult Failure(string error) => new(false, string.Empty, error);
}

namespace GameOps.EdgeAgent.Jobs;

/// <summary>How a job ended: the game's answer (as text, and typed as JSON when the action has a typed result), or why it failed.</summary>
public sealed record JobResult(bool Succeeded, string Output, string Error, string DataJson = "")
{
    public static JobResult Success(string output, string? dataJson = null) => new(true, output, string.Empty, dataJson ?? string.Empty);

    public static JobResult Failure(string error) => new(false, string.Empty, error);
}

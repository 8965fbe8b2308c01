namespace GameOps.EdgeAgent.Jobs;

/// <summary>
/// How a job ended: the game's answer (as text, and typed as JSON when the action has a typed result), or why it failed;
/// <see cref="TimedOut"/> when the failure is that its deadline passed, <see cref="Cancelled"/> when the control plane
/// cancelled it before it started.
/// </summary>
public sealed record JobResult(bool Succeeded, string Output, string Error, string DataJson = "", bool TimedOut = false, bool Cancelled = false)
{
    /// <summary>How many times the agent tried the game: more than one only for a retry-safe read that failed on transport.</summary>
    public int Attempts { get; init; } = 1;

    public const string CancelledError = "cancelled by the control plane before the agent started it; not run";

    /// <summary>The control plane cancelled the job before it started here.</summary>
    public static JobResult Cancel() => new(false, string.Empty, CancelledError, Cancelled: true);

    public static JobResult Success(string output, string? dataJson = null) => new(true, output, string.Empty, dataJson ?? string.Empty);

    public static JobResult Failure(string error) => new(false, string.Empty, error);

    /// <summary>The job's deadline passed first; <paramref name="error"/> says what the agent knows about the game's part.</summary>
    public static JobResult DeadlinePassed(string error) => new(false, string.Empty, error, TimedOut: true);
}

namespace GameOps.Grains.Jobs;

/// <summary>
/// How a job ended, as the agent reports it: the game's answer (and, for actions with a typed result, that
/// result as JSON in <see cref="Data"/>) or the reason it failed; <see cref="TimedOut"/> when the agent saw the
/// job's deadline pass before the game answered, in which case the job ends TimedOut with the agent's words;
/// <see cref="Cancelled"/> when the agent was told to cancel the job before it started it. <see cref="GameAttempts"/>
/// counts the agent's tries of the game (more than one only for a retry-safe read that failed on transport; 0 when
/// the agent did not say).
/// </summary>
[GenerateSerializer, Immutable]
[Alias("GameOps.JobResult")]
public sealed record JobResult(
    [property: Id(0)] bool Succeeded,
    [property: Id(1)] string? Output,
    [property: Id(2)] string? Error = null,
    [property: Id(3)] string? Data = null,
    [property: Id(4)] bool TimedOut = false,
    [property: Id(5)] bool Cancelled = false,
    [property: Id(6)] int GameAttempts = 0);

using Orleans.Concurrency;

namespace GameOps.Grains.Jobs;

/// <summary>
/// One command's life, keyed by job id: Queued → Dispatched → Running → Succeeded | Failed | TimedOut | Cancelled.
/// Transitions are idempotent because the agent channel delivers at least once: a repeated or late
/// transition returns the job as it stands and changes nothing.
/// </summary>
[Alias("GameOps.IJobGrain")]
public interface IJobGrain : IGrainWithGuidKey
{
    /// <summary>Creates the job in Queued; durable when the task completes. A second call returns the existing job.</summary>
    [Alias("Create")]
    Task<JobView> CreateAsync(JobSpec spec);

    /// <summary>
    /// Creates the job as <see cref="CreateAsync"/> does, for a host that sends it to its connected agent once this
    /// completes: the job is noted Dispatched with its creation (in memory, as <see cref="MarkDispatchedAsync"/> notes
    /// it), and its Queued and Dispatched events go out in one stream message. Answers the job as stored, Queued.
    /// </summary>
    [Alias("CreateForAgent")]
    Task<JobView> CreateForAgentAsync(JobSpec spec);

    /// <summary>
    /// Submits this job, whose id the caller chose (a new version 7 id), to host <paramref name="hostId"/>, which checks
    /// and stores it as <see cref="Hosts.IHostGrain.SubmitJobAsync"/> does; with a positive <paramref name="wait"/> the
    /// answer comes once the job has finished or the wait has passed, so a caller makes one call where it made a submit
    /// and a wait. The answer's job is as stored when <paramref name="wait"/> is zero. When the host's idempotency key
    /// names an earlier job, that job is answered (<see cref="JobSubmission.Created"/> false) and this id stays unused.
    /// </summary>
    [AlwaysInterleave]
    [Alias("Submit")]
    Task<JobSubmission> SubmitAsync(string hostId, SubmitJob request, TimeSpan wait);

    /// <summary>The job, or null when no job has this id.</summary>
    [Alias("Get")]
    Task<JobView?> GetAsync();

    /// <summary>The job once it has finished, or as it stands when <paramref name="timeout"/> passes first; null when no job has this id.</summary>
    [AlwaysInterleave]
    [Alias("WaitUntilFinished")]
    Task<JobView?> WaitUntilFinishedAsync(TimeSpan timeout);

    [Alias("MarkDispatched")]
    Task<JobView> MarkDispatchedAsync();

    [Alias("MarkRunning")]
    Task<JobView> MarkRunningAsync();

    [Alias("Complete")]
    Task<JobView> CompleteAsync(JobResult result);

    /// <summary>
    /// The agent of <paramref name="hostId"/> reported on this job: it started, or it ended. True when the agent may
    /// forget the job: its result is stored, or the job is not that host's to settle (refused, and logged).
    /// </summary>
    [Alias("Report")]
    Task<bool> ReportAsync(string hostId, Agents.JobReport report);

    /// <summary>
    /// Cancels a Queued job at once; records the request on a Dispatched one (its host tells the agent, whose answer
    /// ends it); changes nothing on a Running or finished one. Called by the job's host, which owns its outbox.
    /// </summary>
    [Alias("Cancel")]
    Task<JobCancellation> CancelAsync(Actor cancelledBy);

    /// <summary>Ends an unfinished job as TimedOut before its deadline, e.g. when it waited too long for an offline host.</summary>
    [Alias("Expire")]
    Task<JobView> ExpireAsync(string reason);
}

using System.Diagnostics;
using GameOps.AgentProtocol;
using Microsoft.Extensions.Logging;

namespace GameOps.EdgeAgent.Jobs;

/// <summary>
/// Takes one assignment from arrival to result with exactly-once effect: the journal decides whether it runs
/// (new), is answered from memory (already finished, or cut short by a restart), or is left to the run already in
/// progress (a duplicate delivery).
/// </summary>
public sealed partial class JobProcessor(JobJournal journal, JobRunner runner, ILogger<JobProcessor> logger)
{
    private static readonly ActivitySource Source = new("GameOps.EdgeAgent");

    /// <summary>
    /// Processes <paramref name="assignment"/>, reporting RUNNING through <paramref name="reportProgress"/> when it
    /// runs. Returns the final update to send, or null when the same job is already running here.
    /// </summary>
    /// <exception cref="OperationCanceledException">The agent is stopping; the job stays "started" in the journal.</exception>
    public async Task<JobUpdate?> ProcessAsync(JobAssignment assignment, Action<JobUpdate> reportProgress, CancellationToken cancellationToken)
    {
        // The control plane sends the trace of the request that created the job: the run continues it.
        using var activity = ActivityContext.TryParse(assignment.Traceparent, null, isRemote: true, out var parent)
            ? Source.StartActivity("RunJob", ActivityKind.Consumer, parent)
            : Source.StartActivity("RunJob", ActivityKind.Consumer);
        JobAdmission admission;
        try
        {
            admission = journal.Admit(assignment.JobId, assignment.ServerId, assignment.Action);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            LogJournalUnavailable(assignment.JobId, exception);
            return ToUpdate(assignment.JobId, JobResult.Failure("the agent could not record the job in its journal, so it did not run it"));
        }

        switch (admission.Kind)
        {
            case JobAdmissionKind.AlreadyRunning:
                LogDuplicateWhileRunning(assignment.JobId);
                return null;

            case JobAdmissionKind.AlreadyFinished:
                LogAnsweredFromJournal(assignment.JobId);
                return ToUpdate(assignment.JobId, admission.StoredResult!);
        }

        LogRunning(assignment.JobId, assignment.Action, assignment.ServerId);
        reportProgress(new JobUpdate { JobId = assignment.JobId, Phase = JobPhase.Running });
        var result = await runner.RunAsync(assignment, cancellationToken);
        journal.Complete(assignment.JobId, result);
        if (result.Succeeded)
        {
            LogSucceeded(assignment.JobId);
        }
        else
        {
            LogFailed(assignment.JobId, result.Error);
        }

        return ToUpdate(assignment.JobId, result);
    }

    /// <summary>The final <see cref="JobUpdate"/> that carries <paramref name="result"/>.</summary>
    public static JobUpdate ToUpdate(string jobId, JobResult result) => new()
    {
        JobId = jobId,
        Phase = result.Succeeded ? JobPhase.Succeeded
            : result.TimedOut ? JobPhase.TimedOut
            : result.Cancelled ? JobPhase.Cancelled
            : JobPhase.Failed,
        Output = result.Output,
        Error = result.Error,
        DataJson = result.DataJson,
        Attempts = result.Attempts,
    };

    [LoggerMessage(EventId = 50, Level = LogLevel.Information, Message = "Running job {JobId}: {Action} on game server {ServerId}")]
    private partial void LogRunning(string jobId, string action, string serverId);

    [LoggerMessage(EventId = 51, Level = LogLevel.Information, Message = "Job {JobId} succeeded")]
    private partial void LogSucceeded(string jobId);

    [LoggerMessage(EventId = 52, Level = LogLevel.Warning, Message = "Job {JobId} failed: {Error}")]
    private partial void LogFailed(string jobId, string error);

    [LoggerMessage(EventId = 53, Level = LogLevel.Information, Message = "Job {JobId} was delivered again after it finished; answered from the journal, not run again")]
    private partial void LogAnsweredFromJournal(string jobId);

    [LoggerMessage(EventId = 54, Level = LogLevel.Information, Message = "Job {JobId} was delivered again while it runs; its result will follow once")]
    private partial void LogDuplicateWhileRunning(string jobId);

    [LoggerMessage(EventId = 55, Level = LogLevel.Error, Message = "Job {JobId} was not run: the journal could not record it")]
    private partial void LogJournalUnavailable(string jobId, Exception exception);
}

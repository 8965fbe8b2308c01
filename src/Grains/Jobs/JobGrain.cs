using GameOps.Grains.Agents;
using GameOps.Grains.Audit;
using GameOps.Grains.Events;
using GameOps.Grains.Observability;
using GameOps.Grains.Hosts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GameOps.Grains.Jobs;

// Finished jobs are read rarely; at thousands of jobs a second they must not linger in memory.
[CollectionAgeLimit(Minutes = 2)]
public sealed partial class JobGrain(
    [PersistentState("job", StorageNames.GameOps)] IPersistentState<JobGrainState> state,
    IGrainFactory grains,
    IDomainClock clock,
    IOptions<AgentChannelOptions> channelOptions,
    GameOpsMetrics metrics,
    ILogger<JobGrain> logger)
    : Grain, IJobGrain
{
    private IGrainTimer? _deadlineTimer;
    private TaskCompletionSource<JobView>? _finished;

    // Whether this activation counts in the silo's unfinished jobs gauge.
    private bool _countedUnfinished;

    // While SubmitAsync waits for the host, which creates the job through CreateAsync.
    private bool _submitting;

    // The events of the job's changes while SubmitAsync waits for the host (its Queued, with its audit entry's): they
    // go out with its Dispatched, or whatever came next, in one stream message once the host has answered.
    private List<OrgEvent>? _held;

    // A dispatch is kept in memory until the job's next change is written (see MarkDispatchedAsync).
    private bool _dispatchUnsaved;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Spec is not null && !state.State.IsFinished)
        {
            CountAsUnfinished(true);
            await EnforceDeadlineAsync();
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        CountAsUnfinished(false);
        if (_dispatchUnsaved)
        {
            await state.WriteStateAsync(cancellationToken);
        }
    }

    public Task<JobView> CreateAsync(JobSpec spec) => CreateAsync(spec, dispatched: false);

    public Task<JobView> CreateForAgentAsync(JobSpec spec) => CreateAsync(spec, dispatched: true);

    private async Task<JobView> CreateAsync(JobSpec spec, bool dispatched)
    {
        if (state.State.Spec is not null)
        {
            return View();
        }

        state.State.Spec = spec;
        state.State.State = JobState.Queued;

        // Queued (with its audit entry's event) waits for the Dispatched noted below, as it waits in SubmitAsync.
        var hold = dispatched && _held is null;
        if (hold)
        {
            _held = [];
        }

        try
        {
            await WriteAsync(AuditEntries.JobSubmitted(this.GetPrimaryKey(), spec), stateChanged: true);
        }
        catch
        {
            // A job that was not stored does not exist: its caller is told so, and nobody may read it as Queued.
            if (hold)
            {
                _held = null;
            }

            state.State = new JobGrainState();
            this.DeactivateOnIdle();
            throw;
        }

        metrics.JobEntered(JobState.Queued);
        CountAsUnfinished(true);
        var created = View();
        if (dispatched)
        {
            NoteDispatched();
        }

        if (hold)
        {
            PublishHeld();
        }

        await EnforceDeadlineAsync();

        // The host answers its caller with the job as stored, as it did before the dispatch was noted here; a job
        // already past its deadline answers as it ended.
        return state.State.State == JobState.Dispatched ? created : View();
    }

    public async Task<JobSubmission> SubmitAsync(string hostId, SubmitJob request, TimeSpan wait)
    {
        if (state.State.Spec is not null || _submitting)
        {
            throw new InvalidOperationException($"Job {this.GetPrimaryKey()} was submitted already; each submission takes a new job id.");
        }

        // The host creates this job's record through CreateAsync while this call waits for it: this method interleaves.
        JobAcceptance accepted;
        _submitting = true;
        _held = [];
        try
        {
            accepted = await grains.GetHostGrain(hostId).AcceptJobAsync(this.GetPrimaryKey(), request);
        }
        catch
        {
            PublishHeld();
            if (state.State.Spec is null)
            {
                this.DeactivateOnIdle();
            }

            throw;
        }
        finally
        {
            _submitting = false;
        }

        var submission = accepted.Submission;
        if (submission.Job.Id != this.GetPrimaryKey())
        {
            PublishHeld();
            // The idempotency key named an earlier job: this id was never used.
            this.DeactivateOnIdle();
            return wait > TimeSpan.Zero && !submission.Job.IsFinished
                ? submission with { Job = await grains.GetJobGrain(submission.Job.Id).WaitUntilFinishedAsync(wait) ?? submission.Job }
                : submission;
        }

        if (accepted.Dispatched)
        {
            NoteDispatched();
        }

        PublishHeld();
        return wait > TimeSpan.Zero ? submission with { Job = (await WaitUntilFinishedAsync(wait))! } : submission;
    }

    public Task<JobView?> GetAsync() => Task.FromResult(state.State.Spec is null ? null : View());

    public async Task<JobView?> WaitUntilFinishedAsync(TimeSpan timeout)
    {
        if (state.State.Spec is null || state.State.IsFinished || timeout <= TimeSpan.Zero)
        {
            return await GetAsync();
        }

        _finished ??= new TaskCompletionSource<JobView>(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            return await _finished.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            return View();
        }
    }

    public Task<JobView> MarkDispatchedAsync()
    {
        EnsureExists();
        NoteDispatched();
        return Task.FromResult(View());
    }

    private void NoteDispatched()
    {
        if (state.State.State is JobState.Queued or JobState.Dispatched)
        {
            var entered = state.State.State == JobState.Queued;
            state.State.State = JobState.Dispatched;
            state.State.Attempts++;
            state.State.DispatchedAt = clock.UtcNow;

            // Not written on its own: one write in five per job. A silo crash loses only the attempt count and
            // the time, since the host sends every unfinished job again when its agent reconnects.
            _dispatchUnsaved = true;
            if (entered)
            {
                metrics.JobEntered(JobState.Dispatched);
                PublishState();
            }
        }
    }

    public async Task<JobView> MarkRunningAsync()
    {
        EnsureExists();
        if (state.State.State is JobState.Queued or JobState.Dispatched)
        {
            state.State.State = JobState.Running;
            state.State.StartedAt = clock.UtcNow;
            await state.WriteStateAsync();
            _dispatchUnsaved = false;
            metrics.JobEntered(JobState.Running);
            PublishState();
        }

        return View();
    }

    public async Task<JobView> CompleteAsync(JobResult result)
    {
        EnsureExists();
        if (!state.State.IsFinished)
        {
            state.State.Data = JobRules.ValidData(result.Data);
            state.State.GameAttempts = result.GameAttempts;
            var finalState = result.Succeeded ? JobState.Succeeded
                : result.TimedOut ? JobState.TimedOut
                : result.Cancelled ? JobState.Cancelled
                : JobState.Failed;
            await FinishAsync(finalState, result.Output, result.Error);
        }

        return View();
    }

    public async Task<JobCancellation> CancelAsync(Actor cancelledBy)
    {
        EnsureExists();
        switch (state.State.State)
        {
            case JobState.Queued:
                await FinishAsync(JobState.Cancelled, output: null, "Cancelled before it was sent to the host's agent; it did not run.", cancelledBy);
                return new JobCancellation(CancelOutcome.Cancelled, View());

            case JobState.Dispatched:
                if (state.State.CancelRequestedAt is null)
                {
                    state.State.CancelRequestedAt = clock.UtcNow;
                    var entry = AuditEntries.JobCancelled(this.GetPrimaryKey(), state.State.Spec!, state.State.CancelRequestedAt.Value, cancelledBy, JobState.Dispatched);
                    await WriteAsync(entry, stateChanged: false);
                    _dispatchUnsaved = false;
                }

                return new JobCancellation(CancelOutcome.Requested, View());

            case JobState.Running:
                return new JobCancellation(CancelOutcome.AlreadyRunning, View());

            default:
                return new JobCancellation(CancelOutcome.AlreadyFinished, View());
        }
    }

    public async Task<bool> ReportAsync(string hostId, JobReport report)
    {
        if (state.State.Spec?.HostId != hostId)
        {
            // Checked here, where the job's host is known: one host's agent never settles another host's work.
            LogForeignReport(logger, hostId, this.GetPrimaryKey());
            return true;
        }

        if (report.Result is not { } result)
        {
            await MarkRunningAsync();
            return false;
        }

        await CompleteAsync(result);
        return true;
    }

    public async Task<JobView> ExpireAsync(string reason)
    {
        EnsureExists();
        if (!state.State.IsFinished)
        {
            await FinishAsync(JobState.TimedOut, output: null, reason);
        }

        return View();
    }

    /// <summary>
    /// Times the job out when its time is up, or arms the timer for then. A job an agent may hold (dispatched or running)
    /// is given <see cref="AgentChannelOptions.AgentResultGrace"/> past its deadline: the agent enforces the same deadline and
    /// knows more (the game was reached but did not answer, or the job came too late to run), so its report is the
    /// one outcome whenever it arrives in time, and the job never ends TimedOut or Failed by which side was first.
    /// </summary>
    private async Task EnforceDeadlineAsync()
    {
        var spec = state.State.Spec!;
        var agentMayHoldIt = state.State.State is JobState.Dispatched or JobState.Running;
        var remaining = spec.Deadline + (agentMayHoldIt ? channelOptions.Value.AgentResultGrace : TimeSpan.Zero) - clock.UtcNow;
        if (remaining <= TimeSpan.Zero)
        {
            await TimeOutAsync(agentMayHoldIt);
            return;
        }

        if (_deadlineTimer is null)
        {
            _deadlineTimer = this.RegisterGrainTimer(
                _ => state.State.IsFinished ? Task.CompletedTask : EnforceDeadlineAsync(),
                new GrainTimerCreationOptions(remaining, Timeout.InfiniteTimeSpan) { KeepAlive = true });
        }
        else
        {
            _deadlineTimer.Change(remaining, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task TimeOutAsync(bool agentHadIt)
    {
        if (state.State.IsFinished)
        {
            return;
        }

        var spec = state.State.Spec!;
        var jobId = this.GetPrimaryKey();
        using (logger.BeginScope(new JobLogScope(jobId, spec.ServerId, spec.OrgId)))
        {
            LogTimedOut(logger, jobId, spec.HostId, spec.Action, spec.Deadline);
        }

        var error = $"The job did not finish by its deadline ({spec.Deadline:O}); it was {state.State.State} then";
        await FinishAsync(
            JobState.TimedOut,
            output: null,
            agentHadIt ? $"{error}, and its agent reported no result within {channelOptions.Value.AgentResultGrace.TotalSeconds:0} s after it." : error + ".");
    }

    /// <param name="cancelledBy">Who cancelled a job that had not reached its agent; null when the job ended by itself.</param>
    private async Task FinishAsync(JobState finalState, string? output, string? error, Actor? cancelledBy = null)
    {
        var s = state.State;
        s.State = finalState;
        s.Output = JobRules.Truncate(output);
        s.Error = JobRules.Truncate(error);
        var finishedAt = clock.UtcNow;
        s.FinishedAt = finishedAt;
        var jobId = this.GetPrimaryKey();
        var entry = cancelledBy is null
            ? AuditEntries.JobFinished(jobId, s.Spec!, finishedAt, finalState, s.Output, s.Error, s.Data)
            : AuditEntries.JobCancelled(jobId, s.Spec!, finishedAt, cancelledBy, finalState);
        await WriteAsync(entry, stateChanged: true);
        _dispatchUnsaved = false;
        metrics.JobFinished(finalState, finishedAt - s.Spec!.CreatedAt);
        CountAsUnfinished(false);
        _deadlineTimer?.Dispose();
        _deadlineTimer = null;
        _finished?.TrySetResult(View());

        // One-way, and after the write: the host's turn never waits on this job's storage.
        await grains.GetHostGrain(s.Spec.HostId).JobFinishedAsync(this.GetPrimaryKey());

        // A finished job is rarely read again: leave memory once the waiting callers have their answer, rather
        // than after the collection age, so a busy silo does not carry minutes of finished jobs into gen 2.
        this.DeactivateOnIdle();
    }

    /// <summary>
    /// Stores the job with its audit entry; when the job entered a state, its event goes out with the entry's in one
    /// stream message (ADR 0016).
    /// </summary>
    private async Task WriteAsync(AuditEntry entry, bool stateChanged)
    {
        if (AuditEntries.IsAudited(entry, state.State.Spec!))
        {
            PublishOrHold(await this.WriteAuditedUnpublishedAsync(state, [entry], () => state.WriteStateAsync(), logger, stateChanged ? StateChanged : null));
            return;
        }

        await state.WriteStateAsync();
        if (stateChanged)
        {
            PublishState();
        }
    }

    private void PublishState() => PublishOrHold([StateChanged()]);

    private void PublishOrHold(List<OrgEvent> events)
    {
        if (_held is { } held)
        {
            held.AddRange(events);
        }
        else
        {
            this.Publish(events, logger);
        }
    }

    private void PublishHeld()
    {
        var held = _held;
        _held = null;
        if (held is { Count: > 0 })
        {
            this.Publish(held, logger);
        }
    }

    private JobStateChanged StateChanged()
    {
        var s = state.State;
        var spec = s.Spec!;
        return new JobStateChanged(spec.OrgId, clock.UtcNow, null, spec.RequestedBy, this.GetPrimaryKey(), spec.HostId, spec.ServerId, spec.Action, s.State, s.Error);
    }

    private void CountAsUnfinished(bool counted)
    {
        if (_countedUnfinished != counted)
        {
            _countedUnfinished = counted;
            metrics.UnfinishedJobsChanged(counted ? 1 : -1);
        }
    }

    private void EnsureExists()
    {
        if (state.State.Spec is null)
        {
            throw new JobNotFoundException(this.GetPrimaryKey());
        }
    }

    private JobView View() => state.State.ToView(this.GetPrimaryKey());

    [LoggerMessage(Level = LogLevel.Warning, Message = "Host {HostId} reported job {JobId}, which is not one of its jobs; ignored")]
    private static partial void LogForeignReport(ILogger logger, string hostId, Guid jobId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} for host {HostId} ({Action}) timed out at its deadline {Deadline}")]
    private static partial void LogTimedOut(ILogger logger, Guid jobId, string hostId, string action, DateTimeOffset deadline);
}

using System.Collections.Immutable;
using Cronos;
using GameOps.AgentProtocol;
using GameOps.Grains.Audit;
using GameOps.Grains.Events;
using GameOps.Grains.GameServers;
using GameOps.Grains.Jobs;
using GameOps.Grains.Players;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Storage;

namespace GameOps.Grains.Schedules;

/// <summary>
/// One schedule (docs/adr/0029): a reminder wakes it each minute and a timer at its next cron time; each run is claimed
/// by a durable, ETag-guarded write of the moved cursor and the run before its first step, and each step's progress is
/// written as it is taken, so a duplicate activation's write fails and a resumed run takes no step twice. Jobs carry
/// an idempotency key made of the run, the step and the target, so a step sent again after a crash is the same job.
/// </summary>
public sealed partial class ScheduleGrain(
    [PersistentState("schedule", StorageNames.GameOps)] IPersistentState<ScheduleState> state,
    IGrainFactory grains,
    IDomainClock clock,
    TimeProvider runtimeTime,
    IOptions<ScheduleOptions> options,
    ILogger<ScheduleGrain> logger)
    : Grain, IScheduleGrain, IRemindable
{
    private const string WakeReminder = "schedule";

    private readonly ScheduleOptions _options = options.Value;
    private IGrainTimer? _timer;
    private bool _timerDrivesRun;
    private DateTimeOffset? _checkedAt;
    private (string Cron, string Zone, CronExpression Expression, TimeZoneInfo TimeZone)? _calendar;

    private ScheduleState S => state.State;

    private string OrgId => this.GetPrimaryKeyString()[..this.GetPrimaryKeyString().LastIndexOf('/')];

    private Guid ScheduleId => Guid.ParseExact(this.GetPrimaryKeyString()[(this.GetPrimaryKeyString().LastIndexOf('/') + 1)..], "N");

    private Actor Self => new(ActorKind.Schedule, ScheduleId.ToString("D"));

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (S.ActiveRun is { } run && S.Progress is { } progress)
        {
            // A KeepAlive timer holds the activation for the whole run: an activation that finds a run going on follows a
            // silo that stopped during it.
            if (progress.Spec.Interrupted == InterruptedRunPolicy.Abort)
            {
                await EndRunAsync(clock.UtcNow, ScheduleRunOutcome.Aborted, "The silo running it stopped during the run.");
            }
            else
            {
                LogResumed(logger, OrgId, ScheduleId, run.RunId, progress.Step);
            }
        }

        Arm();
    }

    public async Task<ScheduleView> SaveAsync(ScheduleSpec spec, Actor savedBy)
    {
        spec = Normalize(spec);
        var errors = ScheduleRules.Validate(spec);
        await ScheduleRules.CheckTargetsAsync(grains, OrgId, spec.Targets, errors);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors.Values.SelectMany(e => e)), nameof(spec));
        }

        var now = clock.UtcNow;
        var created = S.Spec is null;
        var resumed = spec.Enabled && S.Spec is not { Enabled: true };
        if (created)
        {
            S.OrgId = OrgId;
            S.CreatedAt = now;
        }

        // Times before a schedule exists or is resumed are not missed runs; a changed cron starts from now too.
        if (created || resumed || S.Spec!.Cron != spec.Cron || S.Spec.TimeZone != spec.TimeZone)
        {
            S.Cursor = now;
        }

        S.Spec = spec;
        S.UpdatedAt = now;
        await this.WriteAuditedAsync(state, AuditEntries.ScheduleSaved(OrgId, now, savedBy, ScheduleId, spec, created), WriteAsync, logger);
        if (created)
        {
            await grains.GetGrain<IOrgSchedulesGrain>(OrgId).AddAsync(ScheduleId);
        }

        await UpdateReminderAsync();
        Arm();
        return View();
    }

    public Task<ScheduleView?> GetAsync() => Task.FromResult(S.Spec is null ? null : View());

    public async Task<bool> DeleteAsync(Actor deletedBy)
    {
        if (S.Spec is not { } spec)
        {
            return false;
        }

        var now = clock.UtcNow;
        if (S.ActiveRun is not null)
        {
            await EndRunAsync(now, ScheduleRunOutcome.Cancelled, "The schedule was deleted.");
        }

        S.Spec = null;
        S.Waiting = null;
        await this.WriteAuditedAsync(state, AuditEntries.ScheduleDeleted(OrgId, now, deletedBy, ScheduleId, spec), WriteAsync, logger);
        await grains.GetGrain<IOrgSchedulesGrain>(OrgId).RemoveAsync(ScheduleId);
        await UpdateReminderAsync();
        Arm();
        return true;
    }

    public Task<ImmutableArray<DateTimeOffset>> PreviewAsync(int count, DateTimeOffset? from)
    {
        if (S.Spec is null || Calendar() is not { } calendar)
        {
            return Task.FromResult(ImmutableArray<DateTimeOffset>.Empty);
        }

        return Task.FromResult(ScheduleRules.Preview(calendar.Expression, calendar.TimeZone, from ?? clock.UtcNow, count));
    }

    public async Task<ScheduleRun?> RunNowAsync(Actor requestedBy)
    {
        if (S.Spec is not { } spec)
        {
            return null;
        }

        var now = clock.UtcNow;
        if (S.ActiveRun is { } running)
        {
            return await RecordNotRunAsync(now, now, ScheduleRunOutcome.Skipped, $"Run {running.RunId} still goes on.", requestedBy);
        }

        return await StartManualRunAsync(now, spec, requestedBy);
    }

    public async Task<ScheduleRun> RunOnceAsync(ScheduleSpec spec, Actor requestedBy)
    {
        if (S.Spec is not null && !S.OneOff)
        {
            throw new InvalidOperationException($"Schedule {ScheduleId} is a listed schedule, not a one-off.");
        }

        var now = clock.UtcNow;
        if (S.ActiveRun is { } running)
        {
            return await RecordNotRunAsync(now, now, ScheduleRunOutcome.Skipped, $"Run {running.RunId} still goes on.", requestedBy);
        }

        spec = Normalize(spec) with { Enabled = false };
        var errors = ScheduleRules.Validate(spec);
        await ScheduleRules.CheckTargetsAsync(grains, OrgId, spec.Targets, errors);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors.Values.SelectMany(e => e)), nameof(spec));
        }

        if (S.Spec is null)
        {
            S.OrgId = OrgId;
            S.CreatedAt = now;
        }

        S.OneOff = true;
        S.Spec = spec;
        S.UpdatedAt = now;
        var run = await StartManualRunAsync(now, spec, requestedBy);

        // A paused schedule has no reminder of its own: this one wakes the grain if its silo stops during the run.
        await UpdateReminderAsync();
        return run;
    }

    private async Task<ScheduleRun> StartManualRunAsync(DateTimeOffset now, ScheduleSpec spec, Actor requestedBy)
    {
        var run = NewRun(now, now, ScheduleRunTrigger.Manual, requestedBy);
        await this.WriteAuditedAsync(state, AuditEntries.ScheduleRunRequested(OrgId, now, requestedBy, ScheduleId, spec, run.RunId), () => ClaimAsync(run, spec), logger);
        Started(run);
        await AdvanceAsync(now);
        Arm();
        return S.ActiveRun ?? S.Recent.FirstOrDefault(r => r.RunId == run.RunId) ?? run;
    }

    public async Task<CancelRunOutcome> CancelRunAsync(Guid runId, Actor cancelledBy)
    {
        if (S.ActiveRun?.RunId != runId || S.Spec is not { } spec)
        {
            return CancelRunOutcome.NotRunning;
        }

        var now = clock.UtcNow;
        await this.WriteAuditedAsync(
            state,
            AuditEntries.ScheduleRunCancelled(OrgId, now, cancelledBy, ScheduleId, spec, runId),
            () => EndRunAsync(now, ScheduleRunOutcome.Cancelled, $"Cancelled by {AuditEntries.Via(cancelledBy)} {cancelledBy.Id}.", cancelledBy),
            logger);
        Arm();
        return CancelRunOutcome.Cancelled;
    }

    public Task<ImmutableArray<ScheduleRun>> ListRecentRunsAsync() =>
        Task.FromResult<ImmutableArray<ScheduleRun>>(S.ActiveRun is { } active ? [active, .. S.Recent] : [.. S.Recent]);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (S.Spec is not { Enabled: true } && S.ActiveRun is null)
        {
            await UpdateReminderAsync();
            return;
        }

        await TickAsync();
    }

    private async Task TickAsync()
    {
        try
        {
            await PumpAsync();
        }
        catch (InconsistentStateException e)
        {
            // Another activation wrote the state since this one read it (reminders can tick twice around membership
            // changes): that one owns the schedule and its runs.
            LogLostClaim(logger, e, OrgId, ScheduleId);
            _timer?.Dispose();
            _timer = null;
            DeactivateOnIdle();
            return;
        }
        catch (Exception e)
        {
            LogTickFailed(logger, e, OrgId, ScheduleId);
        }

        Arm();
    }

    private async Task PumpAsync()
    {
        var now = clock.UtcNow;
        _checkedAt = now;
        if (S.ActiveRun is not null)
        {
            await AdvanceAsync(now);
        }

        if (S.ActiveRun is null && S.Waiting is { } waiting && S.Spec is { } spec)
        {
            S.Waiting = null;
            var run = NewRun(now, waiting, ScheduleRunTrigger.Cron, Self);
            await ClaimAsync(run, spec);
            Started(run);
            await AdvanceAsync(now);
        }

        await StartDueAsync(now);
    }

    /// <summary>Starts, skips or records as missed the cron times that came since the cursor.</summary>
    private async Task StartDueAsync(DateTimeOffset now)
    {
        if (S.Spec is not { Enabled: true } spec || Calendar() is not { } calendar)
        {
            return;
        }

        var count = ScheduleRules.Due(calendar.Expression, calendar.TimeZone, S.Cursor, now, out var latest);
        if (count == 0)
        {
            return;
        }

        var earlier = count - 1;
        if (S.ActiveRun is { } running)
        {
            S.Cursor = latest;
            if (spec.Overlap == OverlapPolicy.Wait && S.Waiting is null)
            {
                S.Waiting = latest;
                await WriteAsync();
            }
            else
            {
                await RecordNotRunAsync(now, latest, ScheduleRunOutcome.Skipped, $"Run {running.RunId} still went on.", Self);
            }

            return;
        }

        var late = now - latest > _options.MissedAfter;
        if (late && spec.MissedRuns == MissedRunPolicy.Skip)
        {
            S.Cursor = latest;
            await RecordNotRunAsync(now, latest, ScheduleRunOutcome.Missed, Missed(count, latest), Self);
            return;
        }

        if (earlier > 0)
        {
            S.Recent.Insert(0, NotRun(now, latest, ScheduleRunOutcome.Missed, Missed(earlier, latest), Self));
            Unwritten().Add(S.Recent[0]);
        }

        var run = NewRun(now, latest, late ? ScheduleRunTrigger.Recovery : ScheduleRunTrigger.Cron, Self);
        await ClaimAsync(run, spec);
        Started(run);
        await AdvanceAsync(now);
    }

    private static string Missed(int count, DateTimeOffset latest) =>
        count == 1 ? $"No silo ran the schedule at {latest:O}." : $"No silo ran the schedule for {count} cron times up to {latest:O}.";

    private ScheduleRun NewRun(DateTimeOffset now, DateTimeOffset scheduledFor, ScheduleRunTrigger trigger, Actor requestedBy) =>
        new(Guid.CreateVersion7(now), OrgId, ScheduleId, trigger, scheduledFor, now, null, ScheduleRunOutcome.Running, [], requestedBy);

    private ScheduleRun NotRun(DateTimeOffset now, DateTimeOffset scheduledFor, ScheduleRunOutcome outcome, string detail, Actor requestedBy) =>
        new(Guid.CreateVersion7(now), OrgId, ScheduleId, ScheduleRunTrigger.Cron, scheduledFor, now, now, outcome, [], requestedBy, detail);

    /// <summary>The claim: the run and the cursor past its cron time, written under the state's ETag before any step.</summary>
    private Task ClaimAsync(ScheduleRun run, ScheduleSpec spec)
    {
        if (run.Trigger != ScheduleRunTrigger.Manual && run.ScheduledFor > S.Cursor)
        {
            S.Cursor = run.ScheduledFor;
        }

        S.ActiveRun = run;
        S.Progress = new RunProgress { Spec = spec, StepStartedAt = run.StartedAt, PhaseStartedAt = run.StartedAt };
        Unwritten().Add(run);
        return WriteAsync();
    }

    private void Started(ScheduleRun run)
    {
        LogRunStarted(logger, OrgId, ScheduleId, run.RunId, run.Trigger, run.ScheduledFor);
        this.Publish(new ScheduleRunStarted(OrgId, run.StartedAt, null, run.RequestedBy, ScheduleId, S.Spec?.Name ?? "", run.RunId, run.Trigger, run.ScheduledFor), logger);
    }

    private async Task<ScheduleRun> RecordNotRunAsync(DateTimeOffset now, DateTimeOffset scheduledFor, ScheduleRunOutcome outcome, string detail, Actor requestedBy)
    {
        var run = NotRun(now, scheduledFor, outcome, detail, requestedBy);
        Remember(run);
        await WriteAsync();
        LogRunNotRun(logger, OrgId, ScheduleId, outcome, detail);
        this.Publish(new ScheduleRunEnded(OrgId, now, null, requestedBy, ScheduleId, S.Spec?.Name ?? "", run.RunId, outcome, detail), logger);
        return run;
    }

    /// <summary>Takes the active run's steps as far as the clock allows, writing its progress as it goes.</summary>
    private async Task AdvanceAsync(DateTimeOffset now)
    {
        while (S.ActiveRun is { } run && S.Progress is { } progress)
        {
            if (now - run.StartedAt > progress.Spec.RunTimeout)
            {
                await EndRunAsync(now, ScheduleRunOutcome.TimedOut, $"The run went on past its timeout of {progress.Spec.RunTimeout}.");
                return;
            }

            if (progress.Step >= progress.Spec.Steps.Length)
            {
                await EndRunAsync(now, ScheduleRunOutcome.Succeeded, null);
                return;
            }

            var step = progress.Spec.Steps[progress.Step];
            var runner = new ScheduleStepRunner(grains, run, progress, now, WriteAsync);
            if (await runner.RunAsync(step) is not { } end)
            {
                return;
            }

            var record = new ScheduleStepRecord(progress.Step, step.Kind, progress.StepStartedAt, now, end.Outcome, end.Detail, [.. progress.StepJobs]);
            S.ActiveRun = run with { Steps = run.Steps.Add(record) };
            this.Publish(new ScheduleRunStepEnded(OrgId, now, null, null, ScheduleId, run.RunId, record), logger);
            switch (end.Outcome)
            {
                case ScheduleStepOutcome.Succeeded:
                    if (step.Kind == ScheduleStepKind.Action)
                    {
                        progress.LastActionJobs = [.. progress.StepJobs];
                    }

                    progress.NextStep(now);
                    Unwritten().Add(S.ActiveRun);
                    await WriteAsync();
                    break;
                case ScheduleStepOutcome.Skipped:
                    await EndRunAsync(now, ScheduleRunOutcome.Skipped, end.Detail);
                    return;
                default:
                    await EndRunAsync(now, ScheduleRunOutcome.Failed, end.Detail);
                    return;
            }
        }
    }

    private async Task EndRunAsync(DateTimeOffset now, ScheduleRunOutcome outcome, string? detail, Actor? endedBy = null)
    {
        if (S.ActiveRun is not { } active)
        {
            return;
        }

        var run = active with { EndedAt = now, Outcome = outcome, Detail = detail };
        S.ActiveRun = null;
        S.Progress = null;
        Remember(run);
        await WriteAsync();
        LogRunEnded(logger, OrgId, ScheduleId, run.RunId, outcome, detail);
        this.Publish(new ScheduleRunEnded(OrgId, now, null, endedBy, ScheduleId, S.Spec?.Name ?? "", run.RunId, outcome, detail), logger);
    }

    private void Remember(ScheduleRun run)
    {
        S.Recent.Insert(0, run);
        if (S.Recent.Count > ScheduleLimits.RecentRuns)
        {
            S.Recent.RemoveRange(ScheduleLimits.RecentRuns, S.Recent.Count - ScheduleLimits.RecentRuns);
        }

        Unwritten().Add(run);
    }

    private List<ScheduleRun> Unwritten() => ((IScheduleRunsState)S).UnwrittenRuns;

    private async Task WriteAsync()
    {
        try
        {
            await state.WriteStateAsync();
        }
        finally
        {
            Unwritten().Clear();
        }
    }

    /// <summary>
    /// During a run, a KeepAlive timer each <see cref="ScheduleOptions.RunTick"/>; otherwise one tick at the next cron
    /// time (at most <see cref="ScheduleOptions.IdleWake"/> away), which lets the activation go idle: the reminder
    /// brings it back.
    /// </summary>
    private void Arm()
    {
        if (S.ActiveRun is not null || S.Waiting is not null)
        {
            if (_timer is null || !_timerDrivesRun)
            {
                _timer?.Dispose();
                _timer = this.RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions(_options.RunTick, _options.RunTick) { KeepAlive = true });
                _timerDrivesRun = true;
            }

            return;
        }

        _timer?.Dispose();
        _timer = null;
        _timerDrivesRun = false;
        if (S.Spec is not { Enabled: true } || Calendar() is not { } calendar)
        {
            return;
        }

        var now = clock.UtcNow;
        var next = calendar.Expression.GetNextOccurrence(S.Cursor > now ? S.Cursor : now, calendar.TimeZone);
        var wait = next is { } at ? at - now : _options.IdleWake;
        wait = wait < TimeSpan.Zero ? TimeSpan.Zero : wait > _options.IdleWake ? _options.IdleWake : wait;
        _timer = this.RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions(wait, Timeout.InfiniteTimeSpan));
    }

    /// <summary>
    /// An enabled schedule's reminder ticks on each minute's start (cron times have no seconds); a paused one has none,
    /// except during a one-off run (the tick after the run ends drops it).
    /// </summary>
    private async Task UpdateReminderAsync()
    {
        if (S.Spec is { Enabled: true } || (S.OneOff && S.ActiveRun is not null))
        {
            // Reminders run on the runtime's clock, not the domain's.
            var now = runtimeTime.GetUtcNow();
            var toMinute = TimeSpan.FromMinutes(1) - TimeSpan.FromTicks(now.UtcTicks % TimeSpan.TicksPerMinute);
            await this.RegisterOrUpdateReminder(WakeReminder, toMinute, TimeSpan.FromMinutes(1));
        }
        else if (await this.GetReminder(WakeReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private (string Cron, string Zone, CronExpression Expression, TimeZoneInfo TimeZone)? Calendar()
    {
        if (S.Spec is not { } spec)
        {
            return null;
        }

        if (_calendar is not { } cached || cached.Cron != spec.Cron || cached.Zone != spec.TimeZone)
        {
            _calendar = ScheduleRules.TryParseCron(spec.Cron, out var cron) && ScheduleRules.TryFindZone(spec.TimeZone, out var zone)
                ? (spec.Cron, spec.TimeZone, cron, zone)
                : null;
        }

        return _calendar;
    }

    private ScheduleView View()
    {
        var spec = S.Spec!;
        DateTimeOffset? next = null;
        if (spec.Enabled && Calendar() is { } calendar)
        {
            var now = clock.UtcNow;
            next = calendar.Expression.GetNextOccurrence(S.Cursor > now ? S.Cursor : now, calendar.TimeZone);
        }

        return new ScheduleView(ScheduleId, OrgId, spec, S.CreatedAt, S.UpdatedAt, next, S.ActiveRun, S.Recent.FirstOrDefault(), _checkedAt);
    }

    private static ScheduleSpec Normalize(ScheduleSpec spec) => spec with
    {
        Name = spec.Name?.Trim() ?? "",
        Targets = spec.Targets.IsDefault ? [] : spec.Targets,
        Steps = spec.Steps.IsDefault ? [] : spec.Steps,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Schedule {OrgId}/{ScheduleId} started run {RunId} ({Trigger}, for {ScheduledFor})")]
    private static partial void LogRunStarted(ILogger logger, string orgId, Guid scheduleId, Guid runId, ScheduleRunTrigger trigger, DateTimeOffset scheduledFor);

    [LoggerMessage(Level = LogLevel.Information, Message = "Schedule {OrgId}/{ScheduleId} run {RunId} ended {Outcome}: {Detail}")]
    private static partial void LogRunEnded(ILogger logger, string orgId, Guid scheduleId, Guid runId, ScheduleRunOutcome outcome, string? detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Schedule {OrgId}/{ScheduleId} did not run ({Outcome}): {Detail}")]
    private static partial void LogRunNotRun(ILogger logger, string orgId, Guid scheduleId, ScheduleRunOutcome outcome, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Schedule {OrgId}/{ScheduleId} resumes run {RunId} at step {Step} after its silo stopped")]
    private static partial void LogResumed(ILogger logger, string orgId, Guid scheduleId, Guid runId, int step);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Schedule {OrgId}/{ScheduleId} was written by another activation; this one steps aside")]
    private static partial void LogLostClaim(ILogger logger, Exception exception, string orgId, Guid scheduleId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Schedule {OrgId}/{ScheduleId} failed to advance; it tries again at the next tick")]
    private static partial void LogTickFailed(ILogger logger, Exception exception, string orgId, Guid scheduleId);
}

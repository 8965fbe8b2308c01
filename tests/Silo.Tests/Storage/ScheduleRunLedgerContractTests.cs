using GameOps.Grains;
using GameOps.Grains.Schedules;
using GameOps.Silo.Schedules;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Storage;

namespace GameOps.Silo.Tests.Storage;

/// <summary>
/// What every schedule run ledger must do, whatever the store: runs written with the schedule grain's state, one row
/// per run however often it is written (claimed, advanced, ended), listed per schedule newest first a page at a time,
/// swept by their end only. Each implementation subclasses this with its fixture.
/// </summary>
public abstract class ScheduleRunLedgerContractTests
{
    private const string OrgId = "org-schedules";
    private static readonly Actor Admin = new(ActorKind.Api, "admin");
    private readonly DateTimeOffset _now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    protected abstract IScheduleRunLedger Ledger { get; }

    /// <summary>The grain storage the schedule grains write through, keeping <see cref="Ledger"/>.</summary>
    protected abstract IGrainStorage Storage { get; }

    [Fact]
    public async Task A_run_claimed_advanced_and_ended_is_one_row_as_it_ended()
    {
        var schedule = Guid.NewGuid();
        var claimed = Run(schedule, _now);
        await StoreAsync(claimed);
        var step = new ScheduleStepRecord(0, ScheduleStepKind.Action, _now, _now.AddSeconds(2), ScheduleStepOutcome.Succeeded, null, [Guid.NewGuid()]);
        await StoreAsync(claimed with { Steps = [step] });

        var ended = claimed with { Steps = [step], EndedAt = _now.AddSeconds(3), Outcome = ScheduleRunOutcome.Succeeded };
        await StoreAsync(ended);

        var listed = Assert.Single((await Ledger.ListAsync(new ScheduleRunQuery(OrgId, schedule, 10))).Runs);
        Assert.Equal((ended.RunId, ScheduleRunOutcome.Succeeded, ended.EndedAt), (listed.RunId, listed.Outcome, listed.EndedAt));
        Assert.Equal(step.JobIds.ToArray(), listed.JobIds.ToArray());
    }

    [Fact]
    public async Task Of_two_activations_claiming_one_cron_time_under_the_same_etag_one_claim_is_written_and_the_ledger_holds_its_run_only()
    {
        var schedule = Guid.NewGuid();
        var grain = GrainId.Create(GrainType.Create("schedule"), IdSpan.Create(ScheduleKeys.For(OrgId, schedule)));
        var read = new TestGrainState<ScheduleState> { State = new ScheduleState { OrgId = OrgId, Cursor = _now } };
        await Storage.WriteStateAsync("schedule", grain, read).WithTimeout();
        var due = _now.AddMinutes(1);
        var claims = Enumerable.Range(0, 2).Select(_ =>
        {
            var run = Run(schedule, due);
            var claim = new TestGrainState<ScheduleState> { ETag = read.ETag, State = new ScheduleState { OrgId = OrgId, Cursor = due, ActiveRun = run } };
            ((IScheduleRunsState)claim.State).UnwrittenRuns.Add(run);
            return claim;
        }).ToArray();

        var written = await Task.WhenAll(claims.Select(async claim =>
        {
            try
            {
                await Storage.WriteStateAsync("schedule", grain, claim);
                return true;
            }
            catch (InconsistentStateException)
            {
                return false;
            }
        })).WithTimeout();

        var winner = Assert.Single(claims.Where((_, i) => written[i]));
        var listed = Assert.Single((await Ledger.ListAsync(new ScheduleRunQuery(OrgId, schedule, 10))).Runs);
        Assert.Equal(winner.State.ActiveRun!.RunId, listed.RunId);
    }

    [Fact]
    public async Task Runs_list_per_schedule_newest_first_a_page_at_a_time()
    {
        var schedule = Guid.NewGuid();
        var runs = new List<ScheduleRun>();
        for (var i = 0; i < 5; i++)
        {
            var run = Run(schedule, _now.AddHours(i), ended: true);
            runs.Add(run);
            await StoreAsync(run);
        }

        await StoreAsync(Run(Guid.NewGuid(), _now));
        await StoreAsync(Run(schedule, _now.AddHours(9)) with { OrgId = "org-other" });

        var first = await Ledger.ListAsync(new ScheduleRunQuery(OrgId, schedule, 3));
        var second = await Ledger.ListAsync(new ScheduleRunQuery(OrgId, schedule, 3, After: first.Next));

        Assert.Equal(runs.Select(r => r.RunId).Reverse(), first.Runs.Concat(second.Runs).Select(r => r.RunId));
        Assert.NotNull(first.Next);
        Assert.Null(second.Next);
    }

    [Fact]
    public async Task Sweep_deletes_only_runs_that_ended_before_the_retention()
    {
        var schedule = Guid.NewGuid();
        var retention = new ScheduleOptions().RunRetention;
        var gone = Run(schedule, _now - retention - TimeSpan.FromDays(2), ended: true);
        var recent = Run(schedule, _now - retention + TimeSpan.FromDays(1), ended: true);
        var running = Run(schedule, _now - retention - TimeSpan.FromDays(30));
        foreach (var run in new[] { gone, recent, running })
        {
            await StoreAsync(run);
        }

        var sweeper = new ScheduleRunSweeper(Ledger, new FixedClock(_now), Options.Create(new ScheduleOptions()), NullLogger<ScheduleRunSweeper>.Instance);

        Assert.Equal(1, await sweeper.SweepAsync(CancellationToken.None).WithTimeout());
        var kept = await Ledger.ListAsync(new ScheduleRunQuery(OrgId, schedule, 10));
        Assert.Equal([recent.RunId, running.RunId], kept.Runs.Select(r => r.RunId));
        Assert.Equal(0, await sweeper.SweepAsync(CancellationToken.None).WithTimeout());
    }

    // Each schedule's grain writes its own state again and again, as the schedule grain does.
    private readonly Dictionary<string, TestGrainState<ScheduleState>> _states = [];

    private async Task StoreAsync(ScheduleRun run)
    {
        var key = ScheduleKeys.For(run.OrgId, run.ScheduleId);
        if (!_states.TryGetValue(key, out var state))
        {
            _states[key] = state = new TestGrainState<ScheduleState> { State = new ScheduleState { OrgId = run.OrgId } };
        }

        ((IScheduleRunsState)state.State).UnwrittenRuns.Add(run);
        await Storage.WriteStateAsync("schedule", GrainId.Create(GrainType.Create("schedule"), IdSpan.Create(key)), state);
        ((IScheduleRunsState)state.State).UnwrittenRuns.Clear();
    }

    private static ScheduleRun Run(Guid scheduleId, DateTimeOffset start, bool ended = false) =>
        new(Guid.CreateVersion7(start), OrgId, scheduleId, ScheduleRunTrigger.Cron, start, start,
            ended ? start.AddMinutes(5) : null, ended ? ScheduleRunOutcome.Succeeded : ScheduleRunOutcome.Running, [], Admin);
}

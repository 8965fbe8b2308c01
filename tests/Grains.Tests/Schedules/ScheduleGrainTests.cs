using System.Collections.Immutable;
using GameOps.AgentProtocol;
using GameOps.Grains.GameServers;
using GameOps.Grains.Players;
using GameOps.Grains.Schedules;
using ServerHealth = GameOps.Grains.GameServers.ServerHealth;
using GameOps.TestSupport;
using static GameOps.Grains.Tests.Schedules.ScheduleHarness;

namespace GameOps.Grains.Tests.Schedules;

[Collection(ClusterCollection.Name)]
public sealed class ScheduleGrainTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Countdown_marks_are_announced_at_their_times_then_the_world_is_saved_and_the_game_shut_down()
    {
        var h = await StartAsync(fixture);
        await h.Schedule.SaveAsync(h.Spec(Countdown(300, 60, 10)), TestData.Admin);

        var run = (await h.Schedule.RunNowAsync(TestData.Admin))!;
        var restartAt = run.StartedAt.AddSeconds(300);
        var first = await h.NextCompletedJobAsync();
        Assert.Equal((GameActions.ChatSay, "Restart in 5 minutes"), (first.Action, first.Arguments["message"]));

        foreach (var (mark, text) in new[] { (60, "Restart in 1 minute"), (10, "Restart in 10 seconds") })
        {
            var due = restartAt.AddSeconds(-mark);
            var before = await h.JobCountAsync();
            await h.MoveClockToAsync(due.AddMilliseconds(-500));
            Assert.Equal(before, await h.JobCountAsync());

            await h.MoveClockToAsync(due);
            var said = await h.NextCompletedJobAsync();
            Assert.Equal((GameActions.ChatSay, text), (said.Action, said.Arguments["message"]));
            Assert.InRange(said.CreatedAt, due, due.AddSeconds(1));
        }

        await h.MoveClockToAsync(restartAt);
        var save = await h.NextCompletedJobAsync();
        Assert.Equal(GameActions.WorldSave, save.Action);
        var shutdown = await h.NextCompletedJobAsync();
        Assert.Equal(GameActions.ServerShutdown, shutdown.Action);

        // Restarted through the game's own command: the run ends when the server answers again.
        await h.Server.ReportHealthAsync(new HealthReport(ServerHealth.Down, "refused", h.Clock.UtcNow));
        await h.Server.ReportHealthAsync(new HealthReport(ServerHealth.Up, null, h.Clock.UtcNow.AddSeconds(1)));
        var ended = await h.RunEndedAsync(run.RunId);
        Assert.Equal(ScheduleRunOutcome.Succeeded, ended.Outcome);
        Assert.Equal([first.Id, .. ended.JobIds[1..3], save.Id, shutdown.Id], ended.JobIds.ToArray());
    }

    [Fact]
    public async Task A_servers_one_off_restart_counts_down_as_a_schedules_step_unlisted_and_one_at_a_time()
    {
        var h = await StartAsync(fixture);
        h.ScheduleId = RestartCountdowns.ScheduleIdOf(h.HostId, "main");
        var spec = RestartCountdowns.Spec(h.Target, "Main", 1, "Back soon.", out var errors);
        Assert.Empty(errors);

        var run = await h.Schedule.RunOnceAsync(spec, TestData.Admin);
        var first = await h.NextCompletedJobAsync();
        var second = await h.Schedule.RunOnceAsync(spec, TestData.Admin);

        Assert.Equal((GameActions.ChatSay, "Server restart in 1 minute. Back soon."), (first.Action, first.Arguments["message"]));
        Assert.Equal(ScheduleRunOutcome.Skipped, second.Outcome);
        Assert.Empty(await fixture.Grains.GetGrain<IOrgSchedulesGrain>(h.OrgId).ListAsync());
        Assert.False((await h.Schedule.GetAsync())!.Spec.Enabled);

        await h.MoveClockToAsync(run.StartedAt.AddSeconds(50));
        Assert.Equal("Server restart in 10 seconds. Back soon.", (await h.NextCompletedJobAsync()).Arguments["message"]);
        await h.MoveClockToAsync(run.StartedAt.AddSeconds(60));
        Assert.Equal(GameActions.WorldSave, (await h.NextCompletedJobAsync()).Action);
        Assert.Equal(GameActions.ServerShutdown, (await h.NextCompletedJobAsync()).Action);
        await h.Server.ReportHealthAsync(new HealthReport(ServerHealth.Down, "refused", h.Clock.UtcNow));
        await h.Server.ReportHealthAsync(new HealthReport(ServerHealth.Up, null, h.Clock.UtcNow.AddSeconds(1)));
        Assert.Equal(ScheduleRunOutcome.Succeeded, (await h.RunEndedAsync(run.RunId)).Outcome);

        // Once it ended, the next countdown runs.
        var again = await h.Schedule.RunOnceAsync(spec, TestData.Admin);
        Assert.Equal(ScheduleRunOutcome.Running, again.Outcome);
        Assert.Equal(CancelRunOutcome.Cancelled, await h.Schedule.CancelRunAsync(again.RunId, TestData.Admin));
    }

    [Fact]
    public async Task A_listed_schedule_is_not_run_as_a_one_off()
    {
        var h = await StartAsync(fixture);
        await h.Schedule.SaveAsync(h.Spec(Countdown(5)), TestData.Admin);

        await Assert.ThrowsAsync<InvalidOperationException>(() => h.Schedule.RunOnceAsync(h.Spec(Countdown(5)), TestData.Admin));
    }

    [Fact]
    public async Task A_host_with_a_power_action_restarts_through_it()
    {
        var h = await StartAsync(fixture, [.. ConsoleActions, GameActions.ServerRestart]);
        await h.Schedule.SaveAsync(h.Spec(Countdown(5)), TestData.Admin);
        var run = (await h.Schedule.RunNowAsync(TestData.Admin))!;
        await h.NextCompletedJobAsync();

        await h.MoveClockToAsync(run.StartedAt.AddSeconds(5));
        Assert.Equal(GameActions.WorldSave, (await h.NextCompletedJobAsync()).Action);
        Assert.Equal(GameActions.ServerRestart, (await h.NextCompletedJobAsync()).Action);
        Assert.Equal(ScheduleRunOutcome.Succeeded, (await h.RunEndedAsync(run.RunId)).Outcome);
    }

    [Fact]
    public async Task A_cancelled_run_stops_announcing()
    {
        var h = await StartAsync(fixture);
        await h.Schedule.SaveAsync(h.Spec(Countdown(300, 60)), TestData.Admin);
        var run = (await h.Schedule.RunNowAsync(TestData.Admin))!;
        await h.NextCompletedJobAsync();

        Assert.Equal(CancelRunOutcome.Cancelled, await h.Schedule.CancelRunAsync(run.RunId, TestData.Admin));
        var before = await h.JobCountAsync();
        await h.MoveClockToAsync(run.StartedAt.AddSeconds(300));

        Assert.Equal(before, await h.JobCountAsync());
        Assert.Equal(ScheduleRunOutcome.Cancelled, (await h.RunEndedAsync(run.RunId)).Outcome);
        Assert.Equal(CancelRunOutcome.NotRunning, await h.Schedule.CancelRunAsync(run.RunId, TestData.Admin));
    }

    [Fact]
    public async Task A_restart_that_skips_while_players_are_online_skips_the_run()
    {
        var h = await StartAsync(fixture);
        await h.Players.ApplyAsync(h.OrgId, "7dtd", [new GameEvent(GameEventKind.Joined, "Alice", "171", At: h.Clock.UtcNow)]);
        await h.Schedule.SaveAsync(h.Spec(Countdown(60) with { SkipIfPlayersOnline = true }), TestData.Admin);

        var run = (await h.Schedule.RunNowAsync(TestData.Admin))!;

        var ended = await h.RunEndedAsync(run.RunId);
        Assert.Equal(ScheduleRunOutcome.Skipped, ended.Outcome);
        Assert.Equal(0, await h.JobCountAsync());
    }

    [Fact]
    public async Task A_deferred_restart_waits_for_players_to_leave_up_to_its_limit()
    {
        var h = await StartAsync(fixture);
        await h.Players.ApplyAsync(h.OrgId, "7dtd", [new GameEvent(GameEventKind.Joined, "Alice", "171", At: h.Clock.UtcNow)]);
        await h.Schedule.SaveAsync(h.Spec(Countdown(60) with { DeferMinutes = 5 }), TestData.Admin);
        var run = (await h.Schedule.RunNowAsync(TestData.Admin))!;

        await h.MoveClockToAsync(run.StartedAt.AddMinutes(5).AddSeconds(-1));
        Assert.Equal(0, await h.JobCountAsync());

        await h.MoveClockToAsync(run.StartedAt.AddMinutes(5));
        var said = await h.NextCompletedJobAsync();
        Assert.Equal("Restart in 1 minute", said.Arguments["message"]);
        Assert.InRange(said.CreatedAt, run.StartedAt.AddMinutes(5), run.StartedAt.AddMinutes(5).AddSeconds(1));
    }

    [Fact]
    public async Task A_deferred_restart_goes_ahead_when_the_players_leave()
    {
        var h = await StartAsync(fixture);
        await h.Players.ApplyAsync(h.OrgId, "7dtd", [new GameEvent(GameEventKind.Joined, "Alice", "171", At: h.Clock.UtcNow)]);
        await h.Schedule.SaveAsync(h.Spec(Countdown(60) with { DeferMinutes = 30 }), TestData.Admin);
        await h.Schedule.RunNowAsync(TestData.Admin);
        await h.MoveClockToAsync(h.Clock.UtcNow.AddMinutes(2));
        Assert.Equal(0, await h.JobCountAsync());

        await h.Players.ApplyAsync(h.OrgId, "7dtd", [new GameEvent(GameEventKind.Left, "Alice", "171", At: h.Clock.UtcNow)]);

        Assert.Equal("Restart in 1 minute", (await h.NextCompletedJobAsync()).Arguments["message"]);
    }

    [Fact]
    public async Task A_wait_until_that_does_not_hold_times_out_and_fails_the_run()
    {
        var h = await StartAsync(fixture);
        await h.Players.ApplyAsync(h.OrgId, "7dtd", [new GameEvent(GameEventKind.Joined, "Alice", "171", At: h.Clock.UtcNow)]);
        await h.Schedule.SaveAsync(
            h.Spec(new ScheduleStep(ScheduleStepKind.WaitUntil, Until: WaitCondition.NoPlayers, TimeoutSeconds: 60), Say("never")), TestData.Admin);
        var run = (await h.Schedule.RunNowAsync(TestData.Admin))!;

        await h.MoveClockToAsync(run.StartedAt.AddSeconds(59));
        Assert.Null((await h.Schedule.GetAsync())!.LastRun);
        await h.MoveClockToAsync(run.StartedAt.AddSeconds(61));

        var ended = await h.RunEndedAsync(run.RunId);
        Assert.Equal(ScheduleRunOutcome.Failed, ended.Outcome);
        Assert.Equal(ScheduleStepOutcome.TimedOut, Assert.Single(ended.Steps).Outcome);
        Assert.Equal(0, await h.JobCountAsync());
    }

    [Fact]
    public async Task A_cron_time_starts_a_run_and_one_coming_during_it_is_skipped()
    {
        var h = await StartAsync(fixture);
        await h.Schedule.SaveAsync(h.Spec(Countdown(600)) with { Cron = "* * * * *" }, TestData.Admin);
        var next = (await h.Schedule.GetAsync())!.NextRunAt!.Value;

        await h.MoveClockToAsync(next);
        var say = await h.NextCompletedJobAsync();
        var run = (await h.Schedule.GetAsync())!.ActiveRun!;
        Assert.Equal((ScheduleRunTrigger.Cron, next), (run.Trigger, run.ScheduledFor));
        Assert.Equal("Restart in 10 minutes", say.Arguments["message"]);

        await h.MoveClockToAsync(next.AddMinutes(1));
        var skipped = Assert.Single(await h.Schedule.ListRecentRunsAsync(), r => r.Outcome == ScheduleRunOutcome.Skipped);
        Assert.Equal(next.AddMinutes(1), skipped.ScheduledFor);
        Assert.Equal(run.RunId, (await h.Schedule.GetAsync())!.ActiveRun!.RunId);
        Assert.True(await h.Schedule.DeleteAsync(TestData.Admin));
    }

    [Fact]
    public async Task Runs_missed_while_no_silo_ran_the_schedule_are_recorded_and_not_run_when_the_policy_skips()
    {
        var h = await StartAsync(fixture);
        var now = h.Clock.UtcNow;
        await fixture.StoreStateAsync(h.Schedule, "schedule", Stored(h, h.Spec(Say("catch up")), cursor: now.AddDays(-3)));

        var missed = await Eventually.ReadAsync(h.Schedule.ListRecentRunsAsync, runs => runs.Length > 0, Patience);

        var run = Assert.Single(missed);
        Assert.Equal(ScheduleRunOutcome.Missed, run.Outcome);
        Assert.Equal(LastFourOClock(now), run.ScheduledFor);
        await h.SeenAsync();
        Assert.Equal(0, await h.JobCountAsync());
    }

    [Fact]
    public async Task The_latest_missed_run_runs_once_on_recovery_when_the_policy_says_so()
    {
        var h = await StartAsync(fixture);
        var now = h.Clock.UtcNow;
        var spec = h.Spec(Say("catch up")) with { MissedRuns = MissedRunPolicy.RunOnce };
        await fixture.StoreStateAsync(h.Schedule, "schedule", Stored(h, spec, cursor: now.AddDays(-3)));

        // What the schedule's reminder does after the silos come back.
        await h.Schedule.GetAsync();
        var say = await h.NextCompletedJobAsync();

        Assert.Equal("catch up", say.Arguments["message"]);
        var runs = await Eventually.ReadAsync(h.Schedule.ListRecentRunsAsync, r => r.Any(x => x.Outcome == ScheduleRunOutcome.Succeeded), Patience);
        var ran = Assert.Single(runs, r => r.Outcome == ScheduleRunOutcome.Succeeded);
        Assert.Equal((ScheduleRunTrigger.Recovery, LastFourOClock(now)), (ran.Trigger, ran.ScheduledFor));
        Assert.Equal(ScheduleRunOutcome.Missed, Assert.Single(runs, r => r.RunId != ran.RunId).Outcome);
        await h.SeenAsync();
        Assert.Equal(1, await h.JobCountAsync());
    }

    [Fact]
    public async Task A_run_its_silo_stopped_mid_countdown_resumes_at_the_next_mark_without_a_second_run()
    {
        var h = await StartAsync(fixture);
        var now = h.Clock.UtcNow;
        var spec = h.Spec(Countdown(600, 300, 60));
        var stored = Stored(h, spec, cursor: now, interruptedAt: now, restartAt: now.AddSeconds(400), nextMark: 1);
        await fixture.StoreStateAsync(h.Schedule, "schedule", stored);

        await h.MoveClockToAsync(now.AddSeconds(99));
        Assert.Equal(0, await h.JobCountAsync());
        await h.MoveClockToAsync(now.AddSeconds(100));

        var said = await h.NextCompletedJobAsync();
        Assert.Equal("Restart in 5 minutes", said.Arguments["message"]);
        var view = (await h.Schedule.GetAsync())!;
        Assert.Equal(stored.ActiveRun!.RunId, view.ActiveRun!.RunId);
        Assert.Null(view.LastRun);
        Assert.Equal(1, await h.JobCountAsync());
    }

    [Fact]
    public async Task A_run_its_silo_stopped_is_aborted_when_the_policy_says_so()
    {
        var h = await StartAsync(fixture);
        var now = h.Clock.UtcNow;
        var spec = h.Spec(Countdown(600, 300, 60)) with { Interrupted = InterruptedRunPolicy.Abort };
        var stored = Stored(h, spec, cursor: now, interruptedAt: now, restartAt: now.AddSeconds(400), nextMark: 1);
        await fixture.StoreStateAsync(h.Schedule, "schedule", stored);

        var ended = await h.RunEndedAsync(stored.ActiveRun!.RunId);

        Assert.Equal(ScheduleRunOutcome.Aborted, ended.Outcome);
        await h.MoveClockToAsync(now.AddSeconds(100));
        Assert.Equal(0, await h.JobCountAsync());
    }

    [Fact]
    public async Task Of_two_activations_claiming_one_cron_time_only_the_one_whose_claim_is_written_runs_it()
    {
        var h = await StartAsync(fixture);
        await h.Schedule.SaveAsync(h.Spec(Say("once")) with { Cron = "* * * * *" }, TestData.Admin);
        var due = (await h.Schedule.GetAsync())!.NextRunAt!.Value;

        // A second activation (reminders can tick twice around membership changes) claims the time first, under the
        // ETag this activation read too.
        var claimed = Guid.CreateVersion7(due);
        await fixture.RewriteStoredStateAsync<ScheduleState>(h.Schedule, "schedule", rival =>
        {
            rival.Cursor = due;
            rival.ActiveRun = new ScheduleRun(
                claimed, h.OrgId, h.ScheduleId, ScheduleRunTrigger.Cron, due, due, null, ScheduleRunOutcome.Running, [], new Actor(ActorKind.Schedule, h.ScheduleId.ToString("D")));
            rival.Progress = new RunProgress { Spec = rival.Spec!, StepStartedAt = due, PhaseStartedAt = due };
        });
        await h.MoveClockToAsync(due);

        var said = await h.NextCompletedJobAsync();
        Assert.StartsWith($"schedule/{claimed:N}/", said.IdempotencyKey);
        Assert.Equal(ScheduleRunOutcome.Succeeded, (await h.RunEndedAsync(claimed)).Outcome);
        await h.MoveClockToAsync(due.AddSeconds(30));
        Assert.Equal(claimed, Assert.Single(await h.Schedule.ListRecentRunsAsync()).RunId);
        Assert.Equal(1, await h.JobCountAsync());
    }

    [Fact]
    public async Task A_spec_with_an_unknown_server_is_refused()
    {
        var h = await StartAsync(fixture);

        var refused = await Assert.ThrowsAsync<ArgumentException>(
            () => h.Schedule.SaveAsync(h.Spec(Say("hi")) with { Targets = [new ScheduleTarget(h.HostId, "other")] }, TestData.Admin));

        Assert.Contains("'other'", refused.Message);
        Assert.Null(await h.Schedule.GetAsync());
    }

    [Fact]
    public async Task The_preview_shows_the_spring_forward_time_at_the_end_of_the_gap()
    {
        var h = await StartAsync(fixture);
        await h.Schedule.SaveAsync(h.Spec(Say("hi")) with { Cron = "30 2 * * *", TimeZone = "Europe/Berlin" }, TestData.Admin);

        var next = await h.Schedule.PreviewAsync(3, DateTimeOffset.Parse("2026-03-28T12:00:00+01:00"));

        Assert.Equal(
            [DateTimeOffset.Parse("2026-03-29T03:00:00+02:00"), DateTimeOffset.Parse("2026-03-30T02:30:00+02:00"), DateTimeOffset.Parse("2026-03-31T02:30:00+02:00")],
            next.ToArray());
        Assert.Equal(TimeSpan.FromHours(2), next[0].Offset);
    }

    private static DateTimeOffset LastFourOClock(DateTimeOffset now)
    {
        var today = new DateTimeOffset(now.UtcDateTime.Date.AddHours(4), TimeSpan.Zero);
        return today <= now ? today : today.AddDays(-1);
    }

    /// <summary>The state a silo left: the schedule, and (when <paramref name="interruptedAt"/> is given) a countdown it was in.</summary>
    private static ScheduleState Stored(
        ScheduleHarness h, ScheduleSpec spec, DateTimeOffset cursor, DateTimeOffset? interruptedAt = null, DateTimeOffset? restartAt = null, int nextMark = 0)
    {
        var stored = new ScheduleState { OrgId = h.OrgId, Spec = spec, CreatedAt = cursor, UpdatedAt = cursor, Cursor = cursor };
        if (interruptedAt is { } at)
        {
            stored.ActiveRun = new ScheduleRun(Guid.CreateVersion7(at), h.OrgId, h.ScheduleId, ScheduleRunTrigger.Manual, at, at, null, ScheduleRunOutcome.Running, [], TestData.Admin);
            stored.Progress = new RunProgress { Spec = spec, Phase = 1, StepStartedAt = at, PhaseStartedAt = at, RestartAt = restartAt, NextMark = nextMark };
        }

        return stored;
    }
}

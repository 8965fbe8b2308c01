using Bunit;
using GameOps.Grains;
using GameOps.Grains.Events;
using GameOps.Grains.Schedules;
using GameOps.Web.Schedules;
using GameOps.Web.Tests.Shell;
using Microsoft.Extensions.DependencyInjection;

namespace GameOps.Web.Tests.Schedules;

public sealed class SchedulesPageTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_runs_end_and_a_schedule_made_elsewhere_show_without_a_reload_and_a_one_off_run_reads_nothing()
    {
        var console = new FakeOrgConsole();
        var schedules = new FakeScheduleConsole();
        var nightly = View("Nightly", next: At.AddHours(4), last: null);
        schedules.Schedules.Add(nightly);
        await using var context = await CreateAsync(console, schedules);
        var page = context.Render<SchedulesPage>();
        page.WaitForAssertion(() => Assert.Equal("never", page.Find("[data-testid=last-run]").TextContent.Trim()));

        var run = new ScheduleRun(Guid.NewGuid(), FakeOrgConsole.OrgId, nightly.Id, ScheduleRunTrigger.Cron, At.AddHours(4), At.AddHours(4), At.AddHours(4).AddMinutes(1),
            ScheduleRunOutcome.Succeeded, [], new Actor(ActorKind.Schedule, nightly.Id.ToString("D")));
        schedules.Schedules[0] = nightly with { NextRunAt = At.AddDays(1).AddHours(4), LastRun = run };
        await console.SendAsync(new ScheduleRunEnded(FakeOrgConsole.OrgId, At, null, null, nightly.Id, "Nightly", run.RunId, ScheduleRunOutcome.Succeeded, null));
        page.WaitForAssertion(() => Assert.StartsWith("Succeeded", page.Find("[data-testid=last-run]").TextContent.Trim(), StringComparison.Ordinal));
        Assert.Contains("2026-12-04", page.Find("[data-testid=next-run]").TextContent, StringComparison.Ordinal);

        var listReads = schedules.ListReads;
        var oneOff = Guid.NewGuid();
        await console.SendAsync(new ScheduleRunStarted(FakeOrgConsole.OrgId, At, null, null, oneOff, "Restart Main with countdown", Guid.NewGuid(), ScheduleRunTrigger.Manual, At));
        Assert.Equal(listReads, schedules.ListReads);
        Assert.DoesNotContain(oneOff, schedules.Reads);

        var weekly = View("Weekly", next: At.AddDays(3), last: null);
        schedules.Schedules.Add(weekly);
        await console.SendAsync(new AuditEntryWritten(FakeOrgConsole.OrgId, At, null, null, "e1", "api", $"schedule/{weekly.Id:D}", "Saved schedule 'Weekly'."));
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-schedule-id]").Count));

        schedules.Schedules.RemoveAt(0);
        await console.SendAsync(new AuditEntryWritten(FakeOrgConsole.OrgId, At, null, null, "e2", "web", $"schedule/{nightly.Id:D}", "Deleted schedule 'Nightly'."));
        page.WaitForAssertion(() => Assert.Equal([weekly.Id.ToString()], page.FindAll("[data-schedule-id]").Select(e => e.GetAttribute("data-schedule-id"))));
    }

    [Fact]
    public async Task Schedules_come_a_page_at_a_time_and_more_schedules_reads_after_the_last_page()
    {
        var schedules = new FakeScheduleConsole { PageSize = 2 };
        schedules.Schedules.AddRange(Enumerable.Range(1, 3).Select(i => View($"Nightly {i}", next: At.AddHours(i), last: null)));
        var ids = schedules.Schedules.Select(s => s.Id.ToString()).ToList();
        await using var context = await CreateAsync(new FakeOrgConsole(), schedules);
        var page = context.Render<SchedulesPage>();
        page.WaitForAssertion(() => Assert.Equal(ids[..2], page.FindAll("[data-schedule-id]").Select(e => e.GetAttribute("data-schedule-id"))));

        await page.ClickAsync("[data-testid=more-schedules]");

        page.WaitForAssertion(() => Assert.Equal(ids, page.FindAll("[data-schedule-id]").Select(e => e.GetAttribute("data-schedule-id"))));
        Assert.Equal([null, "2"], schedules.ListCursors);
        Assert.Empty(page.FindAll("[data-testid=more-schedules]"));
    }

    [Fact]
    public void A_schedule_named_while_the_list_is_read_is_read_again_after_it()
    {
        var board = new ScheduleBoard();
        var scheduleId = Guid.NewGuid();
        board.BeginLoad();

        Assert.Null(board.Apply(new ScheduleRunEnded(FakeOrgConsole.OrgId, At, null, null, scheduleId, "Nightly", Guid.NewGuid(), ScheduleRunOutcome.Failed, "boom")));

        Assert.Equal([scheduleId], board.EndLoad([]));
        Assert.Empty(board.EndLoad([]));
    }

    private static ScheduleView View(string name, DateTimeOffset? next, ScheduleRun? last) => new(
        Guid.NewGuid(), FakeOrgConsole.OrgId,
        new ScheduleSpec(name, "0 4 * * *", "UTC", true, [new ScheduleTarget("h1", "main")], [new ScheduleStep(ScheduleStepKind.Wait, Seconds: 1)],
            MissedRunPolicy.Skip, OverlapPolicy.Skip, InterruptedRunPolicy.Resume, TimeSpan.FromHours(1)),
        At, At, next, null, last, At);

    private static Task<BunitContext> CreateAsync(FakeOrgConsole console, FakeScheduleConsole schedules) =>
        ConsoleTestContext.CreateAsync(console, services: services => services.AddSingleton<IScheduleConsole>(schedules));
}

using GameOps.Grains.Schedules;
using GameOps.TestSupport;
using static GameOps.Grains.Tests.Schedules.ScheduleHarness;

namespace GameOps.Grains.Tests.Schedules;

/// <summary>A schedule at 02:30 Berlin time driven through the nights the clocks change.</summary>
[Collection(SetClockClusterCollection.Name)]
public sealed class ScheduleDaylightSavingTests(ClusterFixture fixture)
{
    [Fact]
    public async Task On_the_spring_forward_night_a_time_in_the_gap_runs_once_at_the_end_of_the_gap()
    {
        var runsAt = DateTimeOffset.Parse("2026-03-29T03:00:00+02:00");

        var run = await DriveThroughTheNightAsync(DateTimeOffset.Parse("2026-03-29T00:50:00+01:00"), runsAt, DateTimeOffset.Parse("2026-03-29T05:00:00+02:00"));

        Assert.Equal((runsAt, TimeSpan.FromHours(2)), (run.ScheduledFor, run.ScheduledFor.Offset));
    }

    [Fact]
    public async Task On_the_fall_back_night_a_time_that_comes_twice_runs_once_the_first_time()
    {
        var first = DateTimeOffset.Parse("2026-10-25T02:30:00+02:00");

        // Past the second 02:30 (+01:00) and on to 04:00.
        var run = await DriveThroughTheNightAsync(DateTimeOffset.Parse("2026-10-25T00:50:00+02:00"), first, DateTimeOffset.Parse("2026-10-25T04:00:00+01:00"));

        Assert.Equal((first, TimeSpan.FromHours(2)), (run.ScheduledFor, run.ScheduledFor.Offset));
    }

    /// <summary>
    /// Sets the clock to <paramref name="evening"/>, makes a schedule at 02:30 Berlin time, and moves the clock to just
    /// before <paramref name="runsAt"/> (nothing runs), to it (one run, whose job the agent ends), and on to
    /// <paramref name="morning"/>; returns the one run the schedule made.
    /// </summary>
    private async Task<ScheduleRun> DriveThroughTheNightAsync(DateTimeOffset evening, DateTimeOffset runsAt, DateTimeOffset morning)
    {
        fixture.Clock.SetTo(evening);
        var h = await StartAsync(fixture);
        await h.Schedule.SaveAsync(h.Spec(Say("nightly")) with { Cron = "30 2 * * *", TimeZone = "Europe/Berlin" }, TestData.Admin);
        Assert.Equal(runsAt, (await h.Schedule.GetAsync())!.NextRunAt);

        await h.MoveClockToAsync(runsAt.AddSeconds(-1));
        Assert.Equal(0, await h.JobCountAsync());
        await h.MoveClockToAsync(runsAt);
        var said = await h.NextCompletedJobAsync();
        Assert.InRange(said.CreatedAt, runsAt, runsAt.AddSeconds(1));
        await h.MoveClockToAsync(morning);

        var run = Assert.Single(await h.Schedule.ListRecentRunsAsync());
        Assert.Equal((ScheduleRunOutcome.Succeeded, ScheduleRunTrigger.Cron), (run.Outcome, run.Trigger));
        Assert.Equal(1, await h.JobCountAsync());
        return run;
    }
}

using GameOps.Grains.Schedules;

namespace GameOps.Grains.Tests.Schedules;

public sealed class ScheduleRulesTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    [Fact]
    public void A_time_the_spring_forward_skips_runs_once_at_the_end_of_the_gap()
    {
        Assert.True(ScheduleRules.TryParseCron("30 2 * * *", out var cron));

        var count = ScheduleRules.Due(cron, Berlin, DateTimeOffset.Parse("2026-03-29T00:00:00+01:00"), DateTimeOffset.Parse("2026-03-29T06:00:00+02:00"), out var latest);

        Assert.Equal(1, count);
        Assert.Equal(DateTimeOffset.Parse("2026-03-29T03:00:00+02:00"), latest);
    }

    [Fact]
    public void A_time_the_fall_back_repeats_runs_once()
    {
        Assert.True(ScheduleRules.TryParseCron("30 2 * * *", out var cron));

        var count = ScheduleRules.Due(cron, Berlin, DateTimeOffset.Parse("2026-10-25T00:00:00+02:00"), DateTimeOffset.Parse("2026-10-25T06:00:00+01:00"), out var latest);

        Assert.Equal(1, count);
        Assert.Equal(DateTimeOffset.Parse("2026-10-25T02:30:00+02:00"), latest);
    }

    [Theory]
    [InlineData(900, "15 minutes")]
    [InlineData(60, "1 minute")]
    [InlineData(90, "90 seconds")]
    [InlineData(10, "10 seconds")]
    [InlineData(1, "1 second")]
    public void Remaining_time_reads_as_minutes_when_whole(int seconds, string text) => Assert.Equal(text, ScheduleRules.Remaining(seconds));

    [Fact]
    public void Each_bad_field_is_named()
    {
        var spec = new ScheduleSpec(
            "", "61 * * * *", "Mars/Olympus", true, [new ScheduleTarget("Bad Host", "main")],
            [new ScheduleStep(ScheduleStepKind.RestartWithCountdown, Marks: [0, 90_000]), new ScheduleStep(ScheduleStepKind.Wait)],
            MissedRunPolicy.Skip, OverlapPolicy.Skip, InterruptedRunPolicy.Resume, TimeSpan.FromSeconds(5));

        var errors = ScheduleRules.Validate(spec);

        Assert.Equal(
            ["cron", "name", "runTimeoutSeconds", "steps[0].marks", "steps[1].seconds", "targets[0]", "timeZone"],
            errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_schedule_without_steps_or_targets_is_refused()
    {
        var spec = new ScheduleSpec("Empty", "0 4 * * *", "UTC", true, [], [], MissedRunPolicy.Skip, OverlapPolicy.Skip, InterruptedRunPolicy.Resume, TimeSpan.FromHours(1));

        Assert.Equal(["steps", "targets"], ScheduleRules.Validate(spec).Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Default_marks_are_fifteen_five_and_one_minute_and_ten_seconds() =>
        Assert.Equal([900, 300, 60, 10], ScheduleRules.MarksOf(new ScheduleStep(ScheduleStepKind.RestartWithCountdown)).ToArray());
}

using GameOps.Grains.Schedules;

namespace GameOps.Grains.Tests.Schedules;

public sealed class RestartCountdownsTests
{
    private static readonly ScheduleTarget Target = new("h1", "main");

    [Theory]
    [InlineData(1, new[] { 60, 10 })]
    [InlineData(5, new[] { 300, 60, 10 })]
    [InlineData(10, new[] { 600, 300, 60, 10 })]
    [InlineData(60, new[] { 3600, 900, 300, 60, 10 })]
    public void A_countdown_is_announced_at_its_start_then_at_the_schedules_default_marks_inside_it(int minutes, int[] marks) =>
        Assert.Equal(marks, RestartCountdowns.MarksFor(minutes).ToArray());

    [Theory]
    [InlineData(0)]
    [InlineData(61)]
    public void Minutes_outside_the_bounds_are_refused_at_their_field(int minutes)
    {
        RestartCountdowns.Spec(Target, "Main", minutes, null, out var errors);

        Assert.Equal(["minutes"], errors.Keys);
    }

    [Fact]
    public void A_message_that_does_not_fit_one_announcement_is_refused_at_its_field()
    {
        RestartCountdowns.Spec(Target, "Main", 5, new string('x', RestartCountdowns.MaxMessageLength + 1), out var tooLong);
        RestartCountdowns.Spec(Target, "Main", 5, "two\nlines", out var twoLines);
        var spec = RestartCountdowns.Spec(Target, "Main", 5, new string('x', RestartCountdowns.MaxMessageLength), out var fits);

        Assert.Equal(["message"], tooLong.Keys);
        Assert.Equal(["message"], twoLines.Keys);
        Assert.Empty(fits);
        Assert.Equal(ScheduleLimits.MaxTextLength, spec.Steps[0].Text!.Length);
    }
}

using GameOps.Grains.Hosts;

namespace GameOps.Grains.Tests;

public sealed class HostConflictTrackerTests
{
    private static readonly TimeSpan ClearAfter = TimeSpan.FromMinutes(1);
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Refusals_within_the_clearing_time_are_one_conflict()
    {
        var tracker = new HostConflictTracker(ClearAfter);

        tracker.RecordRefusal("ipv4:192.0.2.1:1000", "ipv4:192.0.2.9:9000", Start);
        tracker.RecordRefusal("ipv4:192.0.2.2:2000", "ipv4:192.0.2.9:9000", Start.AddSeconds(30));

        Assert.Equal(
            new HostConflict("ipv4:192.0.2.2:2000", "ipv4:192.0.2.9:9000", Start, Start.AddSeconds(30), 2),
            tracker.Current(Start.AddSeconds(30)));
    }

    [Fact]
    public void Refusal_after_the_conflict_cleared_starts_a_new_one()
    {
        var tracker = new HostConflictTracker(ClearAfter);
        tracker.RecordRefusal("ipv4:192.0.2.1:1000", "ipv4:192.0.2.9:9000", Start);

        var cleared = tracker.Current(Start + ClearAfter);
        tracker.RecordRefusal("ipv4:192.0.2.1:1001", "ipv4:192.0.2.9:9000", Start + ClearAfter);

        Assert.Null(cleared);
        Assert.Equal(
            new HostConflict("ipv4:192.0.2.1:1001", "ipv4:192.0.2.9:9000", Start + ClearAfter, Start + ClearAfter, 1),
            tracker.Current(Start + ClearAfter));
    }

    [Fact]
    public void No_refusal_is_no_conflict()
    {
        Assert.Null(new HostConflictTracker(ClearAfter).Current(Start));
    }
}

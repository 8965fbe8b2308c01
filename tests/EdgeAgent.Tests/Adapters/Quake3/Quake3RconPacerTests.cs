using GameOps.EdgeAgent.Adapters.Quake3;
using Microsoft.Extensions.Time.Testing;

namespace GameOps.EdgeAgent.Tests.Adapters.Quake3;

public sealed class Quake3RconPacerTests
{
    private static readonly TimeSpan Refill = TimeSpan.FromMilliseconds(1100);

    // Timestamps convert through floating point; a microsecond either way is no pacing difference.
    private static readonly TimeSpan Tolerance = TimeSpan.FromMilliseconds(1);

    // A clock that moves only when told: the pacer's own start and every request are at exact offsets.
    private readonly FakeTimeProvider _clock = new();

    private long At(TimeSpan offset) => _clock.GetTimestamp() + (long)(offset.TotalSeconds * _clock.TimestampFrequency);

    private static void AssertWaits(List<TimeSpan> expected, List<TimeSpan> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        Assert.All(expected.Zip(actual), pair => Assert.InRange(pair.Second, pair.First - Tolerance, pair.First + Tolerance));
    }

    [Fact]
    public void Burst_goes_out_at_once_then_requests_wait_one_refill_each()
    {
        var pacer = new Quake3RconPacer(burst: 3, Refill, _clock);

        var waits = Enumerable.Range(0, 5).Select(_ => pacer.Reserve(At(TimeSpan.Zero))).ToList();

        AssertWaits([TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, Refill, 2 * Refill], waits);
    }

    [Fact]
    public void Idle_time_refills_the_bucket_but_never_beyond_the_burst()
    {
        var pacer = new Quake3RconPacer(burst: 2, Refill, _clock);
        pacer.Reserve(At(TimeSpan.Zero));
        pacer.Reserve(At(TimeSpan.Zero));

        var later = At(TimeSpan.FromMinutes(1));
        var waits = Enumerable.Range(0, 3).Select(_ => pacer.Reserve(later)).ToList();

        AssertWaits([TimeSpan.Zero, TimeSpan.Zero, Refill], waits);
    }

    [Fact]
    public void Steady_requests_one_refill_apart_never_wait()
    {
        var pacer = new Quake3RconPacer(burst: 1, Refill, _clock);

        var waits = Enumerable.Range(0, 20).Select(i => pacer.Reserve(At(i * Refill))).ToList();

        AssertWaits([.. Enumerable.Repeat(TimeSpan.Zero, 20)], waits);
    }
}

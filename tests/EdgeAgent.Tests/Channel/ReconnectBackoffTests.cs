using GameOps.EdgeAgent.Channel;

namespace GameOps.EdgeAgent.Tests.Channel;

public sealed class ReconnectBackoffTests
{
    private static readonly TimeSpan Initial = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Cap = TimeSpan.FromSeconds(30);

    [Fact]
    public void Ceilings_double_from_one_second_up_to_thirty()
    {
        var backoff = new ReconnectBackoff(Initial, Cap, new Random(1));
        var ceilings = new List<double>();
        for (var i = 0; i < 8; i++)
        {
            ceilings.Add(backoff.CurrentCeiling.TotalSeconds);
            backoff.NextDelay();
        }

        Assert.Equal([1, 2, 4, 8, 16, 30, 30, 30], ceilings);
    }

    [Fact]
    public void Each_delay_lies_between_half_its_ceiling_and_the_ceiling()
    {
        var backoff = new ReconnectBackoff(Initial, Cap, new Random(42));
        for (var i = 0; i < 50; i++)
        {
            var ceiling = backoff.CurrentCeiling;
            var delay = backoff.NextDelay();

            Assert.InRange(delay, ceiling / 2, ceiling);
        }
    }

    [Fact]
    public void Delays_grow_and_never_exceed_the_cap()
    {
        var backoff = new ReconnectBackoff(Initial, Cap, new Random(7));

        var delays = Enumerable.Range(0, 40).Select(_ => backoff.NextDelay()).ToList();

        Assert.True(delays[4] > delays[0]);
        Assert.All(delays, delay => Assert.InRange(delay, TimeSpan.FromSeconds(0.5), Cap));
        Assert.All(delays.Skip(5), delay => Assert.InRange(delay, Cap / 2, Cap));
    }

    [Fact]
    public void Delays_are_jittered()
    {
        var first = new ReconnectBackoff(Initial, Cap, new Random(1));
        var second = new ReconnectBackoff(Initial, Cap, new Random(2));

        var a = Enumerable.Range(0, 10).Select(_ => first.NextDelay()).ToList();
        var b = Enumerable.Range(0, 10).Select(_ => second.NextDelay()).ToList();

        Assert.NotEqual(a, b);
        Assert.True(a.Skip(5).Distinct().Count() > 1, "delays at the cap must not all be equal");
    }

    [Fact]
    public void Same_seed_gives_the_same_delays()
    {
        var first = new ReconnectBackoff(Initial, Cap, new Random(3));
        var second = new ReconnectBackoff(Initial, Cap, new Random(3));

        Assert.Equal(
            Enumerable.Range(0, 10).Select(_ => first.NextDelay()),
            Enumerable.Range(0, 10).Select(_ => second.NextDelay()));
    }

    [Fact]
    public void Reset_starts_again_from_the_initial_delay()
    {
        var backoff = new ReconnectBackoff(Initial, Cap, new Random(5));
        for (var i = 0; i < 6; i++)
        {
            backoff.NextDelay();
        }

        backoff.Reset();

        Assert.Equal(Initial, backoff.CurrentCeiling);
        Assert.InRange(backoff.NextDelay(), Initial / 2, Initial);
    }

    [Fact]
    public void Capped_delay_is_jittered_at_the_cap_whatever_the_attempt()
    {
        var backoff = new ReconnectBackoff(Initial, Cap, new Random(9));

        var delays = Enumerable.Range(0, 20).Select(_ => backoff.CappedDelay()).ToList();

        Assert.All(delays, delay => Assert.InRange(delay, Cap / 2, Cap));
        Assert.Equal(Initial, backoff.CurrentCeiling);
    }
}

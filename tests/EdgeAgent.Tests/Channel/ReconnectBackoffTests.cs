using GameOps.EdgeAgent.Channel;

namespace GameOps.EdgeAgent.Tests.Channel;

public sealed class ReconnectBackoffTests
{
    private static readonly AgentChannelOptions Defaults = new();

    private static ReconnectBackoff Backoff(int seed) =>
        new(Defaults.InitialReconnectDelay, Defaults.MaxReconnectDelay, Defaults.RefusedReconnectDelay, new Random(seed));

    [Fact]
    public void Ceilings_double_from_one_second_up_to_five()
    {
        var backoff = Backoff(1);
        var ceilings = new List<double>();
        for (var i = 0; i < 6; i++)
        {
            ceilings.Add(backoff.CurrentCeiling.TotalSeconds);
            backoff.NextDelay();
        }

        Assert.Equal([1, 2, 4, 5, 5, 5], ceilings);
    }

    [Fact]
    public void After_any_number_of_failures_the_next_try_is_within_five_seconds()
    {
        var backoff = Backoff(11);

        var delays = Enumerable.Range(0, 1000).Select(_ => backoff.NextDelay()).ToList();

        Assert.All(delays, delay => Assert.InRange(delay, TimeSpan.Zero, TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void First_tries_are_fast()
    {
        var backoff = Backoff(13);

        Assert.InRange(backoff.NextDelay(), TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1));
        Assert.InRange(backoff.NextDelay(), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
    }

    [Fact]
    public void Each_delay_lies_between_half_its_ceiling_and_the_ceiling()
    {
        var backoff = Backoff(42);
        for (var i = 0; i < 50; i++)
        {
            var ceiling = backoff.CurrentCeiling;
            var delay = backoff.NextDelay();

            Assert.InRange(delay, ceiling / 2, ceiling);
        }
    }

    [Fact]
    public void Delays_are_jittered()
    {
        var first = Backoff(1);
        var second = Backoff(2);

        var a = Enumerable.Range(0, 10).Select(_ => first.NextDelay()).ToList();
        var b = Enumerable.Range(0, 10).Select(_ => second.NextDelay()).ToList();

        Assert.NotEqual(a, b);
        Assert.True(a.Skip(5).Distinct().Count() > 1, "delays at the cap must not all be equal");
    }

    [Fact]
    public void Same_seed_gives_the_same_delays()
    {
        var first = Backoff(3);
        var second = Backoff(3);

        Assert.Equal(
            Enumerable.Range(0, 10).Select(_ => first.NextDelay()),
            Enumerable.Range(0, 10).Select(_ => second.NextDelay()));
    }

    [Fact]
    public void Reset_starts_again_from_the_initial_delay()
    {
        var backoff = Backoff(5);
        for (var i = 0; i < 6; i++)
        {
            backoff.NextDelay();
        }

        backoff.Reset();

        Assert.Equal(Defaults.InitialReconnectDelay, backoff.CurrentCeiling);
        Assert.InRange(backoff.NextDelay(), Defaults.InitialReconnectDelay / 2, Defaults.InitialReconnectDelay);
    }

    [Fact]
    public void Refused_delay_is_jittered_up_to_its_own_ceiling_whatever_the_attempt()
    {
        var backoff = Backoff(9);
        var refused = Defaults.RefusedReconnectDelay;

        var delays = Enumerable.Range(0, 20).Select(_ => backoff.RefusedDelay()).ToList();

        Assert.All(delays, delay => Assert.InRange(delay, refused / 2, refused));
        Assert.True(delays.Distinct().Count() > 1, "refused delays must not all be equal");
        Assert.Equal(Defaults.InitialReconnectDelay, backoff.CurrentCeiling);
    }
}

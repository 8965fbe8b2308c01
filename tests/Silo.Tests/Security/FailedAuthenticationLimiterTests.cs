using System.Net;
using GameOps.Silo.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace GameOps.Silo.Tests.Security;

/// <summary>The limiter on a fake clock: 10 failures in a row, then one earned back every 6 s (a minute for all 10).</summary>
public sealed class FailedAuthenticationLimiterTests
{
    private static readonly IPAddress Attacker = IPAddress.Parse("203.0.113.7");
    private static readonly IPAddress Neighbour = IPAddress.Parse("203.0.113.8");
    private static readonly TimeSpan EarnOneBack = TimeSpan.FromSeconds(6);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly FakeLogger<FailedAuthenticationLimiter> _log = new();

    [Fact]
    public void Address_may_fail_its_allowance_in_a_row_then_is_refused_until_it_earns_one_back()
    {
        var limiter = NewLimiter();

        var allowed = FailUntilRefused(limiter, Listener.Api, Attacker);

        Assert.Equal(10, allowed);
        Assert.Equal(EarnOneBack, limiter.RetryAfter(Listener.Api, Attacker));
        _time.Advance(EarnOneBack - TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.FromSeconds(1), limiter.RetryAfter(Listener.Api, Attacker));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(limiter.RetryAfter(Listener.Api, Attacker));
        limiter.RecordFailure(Listener.Api, Attacker, "wrong key");
        Assert.Equal(EarnOneBack, limiter.RetryAfter(Listener.Api, Attacker));
    }

    [Fact]
    public void Another_address_and_the_other_listener_keep_their_own_allowance()
    {
        var limiter = NewLimiter();

        FailUntilRefused(limiter, Listener.Api, Attacker);

        Assert.Null(limiter.RetryAfter(Listener.Api, Neighbour));
        Assert.Null(limiter.RetryAfter(Listener.AgentGateway, Attacker));
        Assert.Null(limiter.RetryAfter(Listener.Api, null));
    }

    [Fact]
    public void An_ipv6_client_is_counted_by_its_64_and_an_ipv4_mapped_address_as_ipv4()
    {
        var limiter = NewLimiter();

        FailUntilRefused(limiter, Listener.AgentGateway, IPAddress.Parse("2001:db8:1:2::1"));
        FailUntilRefused(limiter, Listener.AgentGateway, Attacker.MapToIPv6());

        Assert.NotNull(limiter.RetryAfter(Listener.AgentGateway, IPAddress.Parse("2001:db8:1:2:ffff::9")));
        Assert.Null(limiter.RetryAfter(Listener.AgentGateway, IPAddress.Parse("2001:db8:1:3::1")));
        Assert.NotNull(limiter.RetryAfter(Listener.AgentGateway, Attacker));
    }

    [Fact]
    public void A_burst_is_logged_once_with_the_address_and_again_only_after_a_quiet_window()
    {
        var limiter = NewLimiter();

        for (var i = 0; i < 300; i++)
        {
            limiter.RecordFailure(Listener.Api, Attacker, "The API key is not valid.");
            _time.Advance(TimeSpan.FromMilliseconds(35));
        }

        var burst = Assert.Single(_log.Collector.GetSnapshot(), r => r.Level >= LogLevel.Information);
        Assert.Equal(LogLevel.Warning, burst.Level);
        Assert.Equal("203.0.113.7", burst.GetStructuredStateValue("ClientAddress"));
        Assert.Equal("Api", burst.GetStructuredStateValue("Listener"));

        _time.Advance(TimeSpan.FromMinutes(1));
        limiter.RecordFailure(Listener.Api, Attacker, "The API key is not valid.");
        Assert.Equal(2, _log.Collector.GetSnapshot().Count(r => r.Level >= LogLevel.Information));
    }

    [Fact]
    public void Memory_stays_bounded_however_many_addresses_fail()
    {
        var limiter = NewLimiter(maxAddresses: 100);

        for (var i = 0; i < 1000; i++)
        {
            limiter.RecordFailure(Listener.Api, new IPAddress([198, 51, (byte)(i / 256), (byte)i]), "wrong key");
        }

        Assert.Equal(100, limiter.TrackedAddresses);
    }

    [Fact]
    public void The_address_that_failed_longest_ago_is_forgotten_first()
    {
        var limiter = NewLimiter(maxAddresses: 2);
        FailUntilRefused(limiter, Listener.Api, Attacker);
        _time.Advance(TimeSpan.FromSeconds(1));
        FailUntilRefused(limiter, Listener.Api, Neighbour);
        _time.Advance(TimeSpan.FromSeconds(1));

        limiter.RecordFailure(Listener.Api, IPAddress.Parse("192.0.2.1"), "wrong key");

        Assert.Null(limiter.RetryAfter(Listener.Api, Attacker));
        Assert.NotNull(limiter.RetryAfter(Listener.Api, Neighbour));
    }

    [Fact]
    public void An_address_quiet_for_a_window_is_no_longer_remembered()
    {
        var limiter = NewLimiter();
        limiter.RecordFailure(Listener.Api, Attacker, "wrong key");

        _time.Advance(TimeSpan.FromMinutes(1));
        limiter.RecordFailure(Listener.Api, Neighbour, "wrong key");

        Assert.Equal(1, limiter.TrackedAddresses);
    }

    private FailedAuthenticationLimiter NewLimiter(int maxAddresses = 10_000) =>
        new(Options.Create(new FailedAuthenticationOptions { MaxFailures = 10, Window = TimeSpan.FromMinutes(1), MaxAddresses = maxAddresses }), _time, _log);

    /// <summary>Fails as an attacker does, as fast as it is let; returns how many failures it was let make.</summary>
    private static int FailUntilRefused(FailedAuthenticationLimiter limiter, Listener listener, IPAddress address)
    {
        var failures = 0;
        while (limiter.RetryAfter(listener, address) is null)
        {
            limiter.RecordFailure(listener, address, "wrong key");
            failures++;
            Assert.True(failures <= 1000, "The limiter never refused.");
        }

        return failures;
    }
}

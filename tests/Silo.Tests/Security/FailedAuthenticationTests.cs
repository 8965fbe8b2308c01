using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using GameOps.Grains.Hosts;
using GameOps.Silo.Tests.Gateway;
using Grpc.Core;
using Microsoft.AspNetCore.Hosting;

namespace GameOps.Silo.Tests.Security;

/// <summary>
/// Failed authentication over real sockets, each test's clients on loopback addresses of their own: an address that
/// keeps failing is refused for a while, on the API and on the gateway, and nobody else is.
/// </summary>
public sealed class FailedAuthenticationTests(FailedAuthenticationTests.SlowRefillSiloFactory factory)
    : IClassFixture<FailedAuthenticationTests.SlowRefillSiloFactory>
{
    private const int MaxFailures = 10;

    // An attempt is earned back every 6 minutes, so how fast this machine sends the attempts cannot matter.
    private static readonly TimeSpan EarnOneBack = TimeSpan.FromMinutes(6);

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Api_refuses_an_address_that_keeps_failing_with_429_and_retry_after_and_only_that_address()
    {
        factory.StartServer();
        using var attacker = ApiClient("127.0.0.2", "goa_" + new string('x', 43));

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i <= MaxFailures; i++)
        {
            using var response = await attacker.GetAsync("/api/v1/hosts");
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, MaxFailures), HttpStatusCode.TooManyRequests], statuses);
        using var refused = await attacker.GetAsync("/api/v1/hosts");
        Assert.InRange(refused.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), EarnOneBack);
        using var rightKeyFromThere = ApiClient("127.0.0.2", factory.AdminKey);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await rightKeyFromThere.GetAsync("/api/v1/hosts")).StatusCode);
        using var elsewhere = ApiClient("127.0.0.3", factory.AdminKey);
        Assert.Equal(HttpStatusCode.OK, (await elsewhere.GetAsync("/api/v1/hosts")).StatusCode);
    }

    [Fact]
    public async Task Basic_credentials_a_browser_sends_by_itself_do_not_count_against_its_address()
    {
        factory.StartServer();
        using var browser = ApiClient("127.0.0.4", factory.AdminKey);
        browser.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("admin:x"u8));

        for (var i = 0; i <= MaxFailures; i++)
        {
            using var response = await browser.PostAsync("/api/v1/diagnostics/collect-garbage", null);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        browser.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", factory.AdminKey);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/v1/hosts")).StatusCode);
    }

    [Fact]
    public async Task Gateway_refuses_an_address_that_keeps_failing_with_resource_exhausted_and_a_pushback_and_only_that_address()
    {
        factory.StartServer();
        using var gameOps = new GameOpsApi(ApiClient("127.0.0.1", factory.AdminKey));
        var host = await gameOps.CreateEnrolledHostAsync("Box one");

        var statuses = new List<StatusCode>();
        for (var i = 0; i <= MaxFailures; i++)
        {
            await using var agent = TestAgent.Open(factory.GatewayAddress, host.Host.Id, "goh_wrong", LoopbackClient.From(IPAddress.Parse("127.0.0.5")));
            statuses.Add(await agent.ReadUntilEndAsync(Patience));
        }

        Assert.Equal([.. Enumerable.Repeat(StatusCode.Unauthenticated, MaxFailures), StatusCode.ResourceExhausted], statuses);
        await using (var rightCredentialFromThere = TestAgent.Open(factory.GatewayAddress, host.Host.Id, host.Credential, LoopbackClient.From(IPAddress.Parse("127.0.0.5"))))
        {
            Assert.Equal(StatusCode.ResourceExhausted, await rightCredentialFromThere.ReadUntilEndAsync(Patience));
            // The pushback trailer of gRPC's retry design, https://github.com/grpc/proposal/blob/master/A6-client-retries.md#pushback
            var pushback = rightCredentialFromThere.Trailers.GetValue("grpc-retry-pushback-ms");
            Assert.InRange(long.Parse(pushback!, CultureInfo.InvariantCulture), 1, (long)EarnOneBack.TotalMilliseconds);
        }

        await using var elsewhere = await TestAgent.ConnectAsync(factory.GatewayAddress, host.Host.Id, host.Credential);
        await gameOps.WaitForHostAsync(host.Host.Id, HostStatus.Online, Patience);
    }

    private HttpClient ApiClient(string source, string key)
    {
        var client = new HttpClient(LoopbackClient.From(IPAddress.Parse(source))) { BaseAddress = factory.ApiAddress, Timeout = Patience };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>The shipped allowance of failures, earned back slowly enough that no test run outpaces it.</summary>
    public sealed class SlowRefillSiloFactory : ListeningSiloFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("GameOps:Security:FailedAuthentication:MaxFailures", MaxFailures.ToString(CultureInfo.InvariantCulture));
            builder.UseSetting("GameOps:Security:FailedAuthentication:Window", (EarnOneBack * MaxFailures).ToString());
        }
    }
}

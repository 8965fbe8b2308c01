using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using GameOps.Silo.Tests.Security;
using Microsoft.AspNetCore.Hosting;

namespace GameOps.Silo.Tests.Api;

/// <summary>
/// The API's rate limits over real sockets: each caller (API key, user, platform admin key, address without credentials)
/// has its own bucket of requests across every route, and its own count of open event streams.
/// </summary>
public sealed class RateLimitTests(RateLimitTests.SmallLimitsSiloFactory factory) : IClassFixture<RateLimitTests.SmallLimitsSiloFactory>
{
    private const int Burst = 20;
    private const int Streams = 2;

    // One request earned back every 100 s, so how fast this machine sends the requests cannot matter.
    private const double RequestsPerSecond = 0.01;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_key_past_its_burst_gets_429_with_retry_after_and_a_problem_body_and_another_key_of_the_org_does_not()
    {
        using var first = Client("127.0.0.1", await CreateKeyAsync());
        using var second = Client("127.0.0.1", await CreateKeyAsync());

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < Burst; i++)
        {
            using var response = await first.GetAsync("/api/v1/hosts");
            statuses.Add(response.StatusCode);
        }

        using var refused = await first.GetAsync("/api/v1/hosts");

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.InRange(refused.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1 / RequestsPerSecond));
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.StartsWith("This API key made more than 20 requests", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/api/v1/hosts")).StatusCode);
    }

    [Fact]
    public async Task A_key_spends_one_allowance_across_every_route()
    {
        using var client = Client("127.0.0.1", await CreateKeyAsync());
        string[] routes = ["/api/v1/hosts", "/api/v1/alerts", "/api/v1/schedules", "/api/v1/jobs", "/api/v1/nowhere-known"];

        for (var i = 0; i < Burst; i++)
        {
            using var response = await client.GetAsync(routes[i % (routes.Length - 1)]);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync("/api/v1/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(routes[^1])).StatusCode);
    }

    [Fact]
    public async Task Calls_without_credentials_are_limited_per_address()
    {
        using var busy = Client("127.0.0.8", key: null);
        using var elsewhere = Client("127.0.0.9", key: null);

        for (var i = 0; i < Burst; i++)
        {
            using var response = await busy.PostAsync("/api/v1/auth/logout", content: null);
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }

        using var refused = await busy.PostAsync("/api/v1/auth/logout", content: null);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter?.Delta);
        Assert.StartsWith("This address made more than", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, (await elsewhere.PostAsync("/api/v1/auth/logout", content: null)).StatusCode);
    }

    [Fact]
    public async Task A_key_holds_at_most_its_streams_open_and_gets_one_back_when_one_ends()
    {
        var key = await CreateKeyAsync();
        using var client = Client("127.0.0.1", key);
        client.Timeout = Timeout.InfiniteTimeSpan;
        await using var one = await SseClient.OpenAsync(client, "/api/v1/events", Patience);
        var two = await SseClient.OpenAsync(client, "/api/v1/events", Patience);
        Assert.Equal(HttpStatusCode.OK, one.Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, two.Response.StatusCode);

        await using (var three = await SseClient.OpenAsync(client, "/api/v1/hosts/no-such-host/servers/main/console", Patience))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, three.Response.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(5), three.Response.Headers.RetryAfter?.Delta);
            Assert.Equal("application/problem+json", three.Response.Content.Headers.ContentType?.MediaType);
        }

        using var other = Client("127.0.0.1", await CreateKeyAsync());
        await using (var othersStream = await SseClient.OpenAsync(other, "/api/v1/events", Patience))
        {
            Assert.Equal(HttpStatusCode.OK, othersStream.Response.StatusCode);
        }

        await two.DisposeAsync();
        // The slot comes back when the server has seen the stream end; each try spends one request of the key's burst.
        var reopened = HttpStatusCode.TooManyRequests;
        for (var attempt = 0; attempt < Burst - 4 && reopened == HttpStatusCode.TooManyRequests; attempt++)
        {
            await using var again = await SseClient.OpenAsync(client, "/api/v1/events", Patience);
            reopened = again.Response.StatusCode;
            if (reopened == HttpStatusCode.TooManyRequests)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500));
            }
        }

        Assert.Equal(HttpStatusCode.OK, reopened);
    }

    private async Task<string> CreateKeyAsync()
    {
        factory.StartServer();
        using var admin = Client("127.0.0.1", factory.AdminKey);
        using var response = await admin.PostAsJsonAsync("/api/v1/orgs/default/api-keys", new { name = "limited", role = "Operator" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }

    private HttpClient Client(string source, string? key)
    {
        factory.StartServer();
        var handler = LoopbackClient.From(IPAddress.Parse(source));
        // A stream disposed unread closes its connection at once, instead of being drained for a while first.
        handler.MaxResponseDrainSize = 0;
        var client = new HttpClient(handler) { BaseAddress = factory.ApiAddress, Timeout = Patience };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    /// <summary>Small limits, earned back too slowly for any test run to outpace them.</summary>
    public sealed class SmallLimitsSiloFactory : ListeningSiloFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("GameOps:Api:RateLimits:RequestsPerSecond", RequestsPerSecond.ToString(CultureInfo.InvariantCulture));
            builder.UseSetting("GameOps:Api:RateLimits:Burst", Burst.ToString(CultureInfo.InvariantCulture));
            builder.UseSetting("GameOps:Api:RateLimits:StreamsPerCaller", Streams.ToString(CultureInfo.InvariantCulture));
        }
    }
}

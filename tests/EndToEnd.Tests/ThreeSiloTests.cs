using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using GameOps.AgentProtocol;
using GameOps.Grains.Events;
using GameOps.Grains.Hosts;
using GameOps.Grains.Jobs;
using Npgsql;
using Xunit.Abstractions;

namespace GameOps.EndToEnd.Tests;

/// <summary>
/// A cluster laid out by roles, each process its own: silos A and B run everything, C only the agent gateway (an Orleans
/// client of A and B). Started once for the class.
/// </summary>
[Trait("Category", "Slow")]
public sealed class ThreeSiloTests(ThreeSiloTests.Cluster cluster, ITestOutputHelper output) : IClassFixture<ThreeSiloTests.Cluster>
{
    private const string RconPassword = "rcon-secret";
    private const string StatusAnswer = "hostname: GameOps test\nplayers : 1 humans, 0 bots (16/0 max)\n# userid name\n#      2 \"Alice\"\n";

    [Fact]
    public async Task Agent_on_the_gateway_only_process_runs_a_job_submitted_through_silo_B_and_silo_A_streams_lists_and_audits_it()
    {
        var host = await cluster.ApiA.CreateEnrolledHostAsync("Gateway-only host");
        await using var sseA = await SseClient.OpenAsync(cluster.ApiA.Client, "/api/v1/events", TimeSpan.FromSeconds(60));
        await using var game = new SourceRconTestServer(RconPassword, command => command == "status" ? StatusAnswer : $"Unknown command \"{command}\"");
        using var agentFolder = new TempDirectory();
        await using var agent = AgentProcess.Start(agentFolder.Path, new
        {
            controlPlaneUrl = cluster.SiloC.GatewayAddress.ToString().TrimEnd('/'),
            hostId = host.Host.Id,
            credential = host.Credential,
            journalPath = agentFolder.Combine("journal.jsonl"),
            servers = new object[] { new { id = "main", name = "Main server", kind = "source-rcon", address = $"127.0.0.1:{game.Port}", password = RconPassword } },
        });
        await cluster.ApiB.WaitForHostAsync(host.Host.Id, HostStatus.Online, TimeSpan.FromSeconds(60));

        var job = await cluster.ApiB.CreateJobAsync(host.Host.Id, GameActions.PlayersList);
        var done = await cluster.ApiB.WaitForJobAsync(job.Id, j => j.IsFinished, TimeSpan.FromSeconds(60));

        Assert.True(done.State == JobState.Succeeded, $"{done.State}: {done.Error}\n{cluster.Outputs()}\n--- agent ---\n{agent.Process.Output}");
        Assert.Equal(StatusAnswer, done.Output);
        Assert.Equal(1, game.ExecutionCount("status"));
        await sseA.ReadUntilAsync(
            m => m.Event == nameof(JobStateChanged) && m.Data is { } data
                && data.Contains(job.Id.ToString(), StringComparison.Ordinal) && data.Contains(nameof(JobState.Succeeded), StringComparison.Ordinal),
            TimeSpan.FromSeconds(60));
        Assert.Contains(job.Id.ToString(), await cluster.ApiA.Client.GetStringAsync(new Uri($"/api/v1/hosts/{host.Host.Id}/jobs", UriKind.Relative)), StringComparison.Ordinal);
        Assert.Contains(job.Id.ToString(), await cluster.ApiA.Client.GetStringAsync(new Uri($"/api/v1/audit?target=job/{job.Id:D}", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_gateway_only_process_serves_health_and_no_api_or_console()
    {
        using var client = cluster.SiloC.CreateClient(cluster.AdminKey);

        using var ready = await client.GetAsync(new Uri("/readyz", UriKind.Relative));
        using var hosts = await client.GetAsync(new Uri("/api/v1/hosts", UriKind.Relative));
        using var console = await client.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, hosts.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, console.StatusCode);
    }

    [Fact]
    public async Task An_api_key_made_on_silo_A_works_on_silo_B()
    {
        using var created = await cluster.ApiA.Client.PostAsJsonAsync("/api/v1/orgs/default/api-keys", new { name = "ci", role = "Operator" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var key = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString();
        using var onB = cluster.SiloB.CreateClient(key);

        using var hosts = await onB.GetAsync(new Uri("/api/v1/hosts", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, hosts.StatusCode);
    }

    [Fact]
    public async Task A_cookie_and_an_access_token_issued_by_silo_A_are_accepted_by_silo_B()
    {
        const string userName = "alice", password = "correct horse battery";
        using var onA = PlainClient(cluster.SiloA);
        using var setUp = await onA.PostAsJsonAsync("/api/v1/setup", new { setupToken = cluster.ReadSetupToken(), userName, password, orgName = "Alice's servers" });
        Assert.Equal(HttpStatusCode.Created, setUp.StatusCode);
        using var login = await onA.PostAsJsonAsync("/api/v1/auth/login", new { userName, password });
        login.EnsureSuccessStatusCode();
        using var token = await onA.PostAsJsonAsync("/api/v1/auth/token", new { userName, password });
        token.EnsureSuccessStatusCode();
        using var cookieOnB = PlainClient(cluster.SiloB);
        cookieOnB.DefaultRequestHeaders.Add("Cookie", string.Join("; ", login.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0])));
        using var tokenOnB = PlainClient(cluster.SiloB);
        tokenOnB.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Bearer", (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString());

        using var byCookie = await cookieOnB.GetAsync(new Uri("/api/v1/me/orgs", UriKind.Relative));
        using var byToken = await tokenOnB.GetAsync(new Uri("/api/v1/me/orgs", UriKind.Relative));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK], new[] { byCookie.StatusCode, byToken.StatusCode });
        Assert.Contains("Alice's servers", await byCookie.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_process_holds_a_bounded_pool_of_postgresql_connections()
    {
        // Application Name tells each process's connections apart in pg_stat_activity.
        var connections = await cluster.PostgresConnectionsAsync();
        output.WriteLine(string.Join(", ", connections.Select(c => $"{c.Key}: {c.Value}")));

        Assert.All(new[] { "silo-a", "silo-b" }, silo => Assert.InRange(connections.GetValueOrDefault(silo), 1, 100));
        Assert.InRange(connections.GetValueOrDefault("silo-c"), 0, 100);
    }

    // Cookies only as the test sends them: a cookie container would carry silo A's cookie to silo B by itself (same host).
    private static HttpClient PlainClient(SiloProcess silo) =>
        new(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = silo.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Silos A and B (every role) and C (the agent gateway only) on a throwaway PostgreSQL and Redis.</summary>
    public sealed class Cluster : IAsyncLifetime
    {
        private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);
        private readonly TempDirectory[] _folders = [new(), new(), new()];
        private readonly List<IAsyncDisposable> _parts = [];
        private string _database = null!;
        private PostgresServer _postgres = null!;

        public SiloProcess SiloA { get; private set; } = null!;

        public SiloProcess SiloB { get; private set; } = null!;

        public SiloProcess SiloC { get; private set; } = null!;

        public GameOpsApi ApiA { get; private set; } = null!;

        public GameOpsApi ApiB { get; private set; } = null!;

        public string AdminKey => ApiA.Client.DefaultRequestHeaders.Authorization!.Parameter!;

        public async Task InitializeAsync()
        {
            _postgres = await PostgresServer.StartAsync();
            _parts.Add(_postgres);
            var redis = await RedisServer.StartAsync();
            _parts.Add(redis);
            _database = await _postgres.CreateDatabaseAsync();

            SiloA = await StartAsync(0, redis, "silo-a", "All");
            SiloB = await StartAsync(1, redis, "silo-b", "All");
            SiloC = await StartAsync(2, redis, "silo-c", "AgentGateway");

            // An Orleans client process answers /healthz before it can call grains; its tests start once it can.
            await SiloC.WaitUntilReadyAsync(StartTimeout);
            ApiA = await GameOpsApi.ForAsync(SiloA, _folders[0].Path);
            ApiB = new GameOpsApi(SiloB.CreateClient(AdminKey));
        }

        /// <summary>The one-time setup token the cluster's first start wrote, in the data folder of the process that made it.</summary>
        public string ReadSetupToken() =>
            _folders.Select(f => f.Combine("data", "setup-token")).Where(File.Exists).Select(f => File.ReadAllText(f).Trim()).Single();

        /// <summary>The connections each process holds to the cluster's database, by its Application Name.</summary>
        public Task<Dictionary<string, int>> PostgresConnectionsAsync() => _postgres.ConnectionsByApplicationAsync(_database);

        public string Outputs() => $"--- silo A ---\n{SiloA.Output}\n--- silo B ---\n{SiloB.Output}\n--- silo C ---\n{SiloC.Output}";

        public async Task DisposeAsync()
        {
            ApiA?.Dispose();
            ApiB?.Dispose();
            for (var i = _parts.Count - 1; i >= 0; i--)
            {
                await _parts[i].DisposeAsync();
            }

            foreach (var folder in _folders)
            {
                folder.Dispose();
            }
        }

        private async Task<SiloProcess> StartAsync(int index, RedisServer redis, string name, string roles)
        {
            var database = new NpgsqlConnectionStringBuilder(_database) { ApplicationName = name }.ConnectionString;
            var silo = await SiloProcess.StartAsync(_folders[index].Path, StartTimeout,
            [
                .. ClusterSiloSettings.On(redis, database),
                $"--GameOps:Silo:Roles={roles}",

                // The Orleans gateway a grain-less process reaches the silos through.
                $"--GameOps:Silo:GatewayPort={TestPorts.Free().ToString(CultureInfo.InvariantCulture)}",
            ]);
            _parts.Add(silo);
            return silo;
        }
    }
}

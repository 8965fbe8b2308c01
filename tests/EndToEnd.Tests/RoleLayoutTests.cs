using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using GameOps.AgentProtocol;
using GameOps.Grains.Hosts;
using GameOps.Grains.Jobs;
using Npgsql;

namespace GameOps.EndToEnd.Tests;

/// <summary>
/// A cluster whose roles are each their own process: an API-only and a gateway-only process (Orleans clients) started
/// before any silo exists, then two grains-only silos started together on the empty database. Started once for the class;
/// what the clients answered before a silo came is kept for the tests.
/// </summary>
[Trait("Category", "Slow")]
public sealed class RoleLayoutTests(RoleLayoutTests.Layout layout) : IClassFixture<RoleLayoutTests.Layout>
{
    private const string RconPassword = "rcon-secret";
    private const string StatusAnswer = "hostname: GameOps test\nplayers : 1 humans, 0 bots (16/0 max)\n# userid name\n#      2 \"Alice\"\n";

    [Fact]
    public void Client_processes_started_before_any_silo_were_live_but_not_ready_and_refused_requests_with_503()
    {
        Assert.All(layout.BeforeAnySilo, answer =>
        {
            Assert.Equal(HttpStatusCode.OK, answer.Healthz);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.Readyz.Status);
            Assert.Contains("cluster: Unhealthy (No silo of the cluster has answered yet.)", answer.Readyz.Text, StringComparison.Ordinal);
        });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, layout.ApiCallBeforeAnySilo.Status);
        Assert.Equal("1", layout.ApiCallBeforeAnySilo.RetryAfter);
    }

    [Fact]
    public void A_probe_with_a_credential_before_any_silo_answered_is_not_ready_not_a_bad_request()
    {
        // The credential is checked against a grain, which an Orleans client without a silo cannot call.
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "1"), layout.ReadyzWithCredentialBeforeAnySilo);
    }

    [Fact]
    public async Task Client_processes_are_ready_once_the_silos_answer()
    {
        foreach (var client in new[] { layout.ApiOnly, layout.GatewayOnly })
        {
            var ready = await ReadyzAsync(client);
            Assert.Equal(HttpStatusCode.OK, ready.Status);
            Assert.Contains("cluster: Healthy", ready.Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_agent_on_the_gateway_only_process_runs_a_job_submitted_through_the_api_only_process()
    {
        using var api = await layout.ApiAsync();
        var host = await api.CreateEnrolledHostAsync("Split roles host");
        await using var game = new SourceRconTestServer(RconPassword, command => command == "status" ? StatusAnswer : $"Unknown command \"{command}\"");
        using var agentFolder = new TempDirectory();
        await using var agent = AgentProcess.Start(agentFolder.Path, new
        {
            controlPlaneUrl = layout.GatewayOnly.GatewayAddress.ToString().TrimEnd('/'),
            hostId = host.Host.Id,
            credential = host.Credential,
            journalPath = agentFolder.Combine("journal.jsonl"),
            servers = new object[] { new { id = "main", name = "Main server", kind = "source-rcon", address = $"127.0.0.1:{game.Port}", password = RconPassword } },
        });
        await api.WaitForHostAsync(host.Host.Id, HostStatus.Online, TimeSpan.FromSeconds(60));

        var job = await api.CreateJobAsync(host.Host.Id, GameActions.PlayersList);
        var done = await api.WaitForJobAsync(job.Id, j => j.IsFinished, TimeSpan.FromSeconds(60));

        Assert.True(done.State == JobState.Succeeded, $"{done.State}: {done.Error}\n{layout.Outputs()}\n--- agent ---\n{agent.Process.Output}");
        Assert.Equal(StatusAnswer, done.Output);
        Assert.Contains(job.Id.ToString(), await api.Client.GetStringAsync(new Uri($"/api/v1/hosts/{host.Host.Id}/jobs", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_grains_only_silo_serves_health_and_neither_the_api_the_console_nor_the_agent_gateway()
    {
        using var client = layout.GrainsA.CreateClient(await layout.AdminKeyAsync());

        using var ready = await client.GetAsync(new Uri("/readyz", UriKind.Relative));
        using var hosts = await client.GetAsync(new Uri("/api/v1/hosts", UriKind.Relative));
        using var console = await client.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, hosts.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, console.StatusCode);
        Assert.False(await IsListeningAsync(layout.GrainsA.Ports.Gateway), "The grains-only silo bound the gateway's configured port.");
    }

    [Fact]
    public async Task The_api_only_process_binds_no_gateway_port_and_refuses_an_agent_on_its_api_port()
    {
        // As an agent pointed at the wrong URL would call: the enrolment RPC, on the API's port.
        using var client = new HttpClient { BaseAddress = layout.ApiOnly.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/{AgentGateway.Descriptor.FullName}/Enrol", UriKind.Relative))
        {
            Content = new ByteArrayContent([0, 0, 0, 0, 0]) { Headers = { ContentType = new MediaTypeHeaderValue("application/grpc") } },
        };

        using var response = await client.SendAsync(request);

        Assert.Equal("12", response.Headers.GetValues("grpc-status").Single());
        Assert.False(await IsListeningAsync(layout.ApiOnly.Ports.Gateway), "The API-only process bound the gateway's configured port.");
    }

    [Fact]
    public async Task Two_silos_starting_together_on_an_empty_database_made_one_key_ring_key_and_one_admin_key()
    {
        var keys = await layout.DataProtectionKeysAsync();
        var adminKeyFiles = layout.Folders.Count(folder => File.Exists(folder.Combine("data", "admin-api-key")));

        Assert.Equal(1, keys);
        Assert.Equal(1, adminKeyFiles);
        Assert.False(File.Exists(layout.ApiOnlyFolder.Combine("data", "admin-api-key")), "A client process wrote an admin key.");
    }

    private static async Task<(HttpStatusCode Status, string Text)> ReadyzAsync(SiloProcess process)
    {
        using var client = process.CreateClient();
        using var response = await client.GetAsync(new Uri("/readyz", UriKind.Relative));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<bool> IsListeningAsync(int port)
    {
        using var tcp = new TcpClient();
        try
        {
            await tcp.ConnectAsync(IPAddress.Loopback, port).WaitAsync(TimeSpan.FromSeconds(10));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public sealed record ClientAnswer(HttpStatusCode Healthz, (HttpStatusCode Status, string Text) Readyz);

    /// <summary>Grains-only silos A and B, an API-only process and a gateway-only process on a throwaway PostgreSQL and Redis.</summary>
    public sealed class Layout : IAsyncLifetime
    {
        private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);
        private readonly List<IAsyncDisposable> _parts = [];
        private PostgresServer _postgres = null!;
        private string _database = null!;

        public TempDirectory[] Folders { get; } = [new(), new(), new(), new()];

        public TempDirectory ApiOnlyFolder => Folders[2];

        public SiloProcess GrainsA { get; private set; } = null!;

        public SiloProcess GrainsB { get; private set; } = null!;

        public SiloProcess ApiOnly { get; private set; } = null!;

        public SiloProcess GatewayOnly { get; private set; } = null!;

        /// <summary>What the API-only and the gateway-only process answered to the probes before any silo was started.</summary>
        public ClientAnswer[] BeforeAnySilo { get; private set; } = [];

        public (HttpStatusCode Status, string? RetryAfter) ApiCallBeforeAnySilo { get; private set; }

        public (HttpStatusCode Status, string? RetryAfter) ReadyzWithCredentialBeforeAnySilo { get; private set; }

        public async Task InitializeAsync()
        {
            _postgres = await PostgresServer.StartAsync();
            _parts.Add(_postgres);
            var redis = await RedisServer.StartAsync();
            _parts.Add(redis);
            _database = await _postgres.CreateDatabaseAsync();

            var gatewayPorts = SiloPorts.Free();
            GatewayOnly = await StartAsync(3, redis, "gateway-only", "AgentGateway", gatewayPorts);
            ApiOnly = await StartAsync(2, redis, "api-only", "Api",
                settings: [$"--GameOps:Gateway:PublicUrl=http://127.0.0.1:{gatewayPorts.Gateway.ToString(CultureInfo.InvariantCulture)}"]);
            BeforeAnySilo = [await ProbeAsync(ApiOnly), await ProbeAsync(GatewayOnly)];
            using (var anonymous = ApiOnly.CreateClient())
            using (var hosts = await anonymous.GetAsync(new Uri("/api/v1/hosts", UriKind.Relative)))
            {
                ApiCallBeforeAnySilo = (hosts.StatusCode, hosts.Headers.RetryAfter?.ToString());
            }

            using (var withKey = GatewayOnly.CreateClient("goa_not-a-key-any-silo-has-seen"))
            using (var ready = await withKey.GetAsync(new Uri("/readyz", UriKind.Relative)))
            {
                ReadyzWithCredentialBeforeAnySilo = (ready.StatusCode, ready.Headers.RetryAfter?.ToString());
            }

            // Together, on a database no silo has migrated or given a key ring key yet.
            var a = StartAsync(0, redis, "grains-a", "Grains");
            var b = StartAsync(1, redis, "grains-b", "Grains");
            GrainsA = await a;
            GrainsB = await b;

            foreach (var client in new[] { ApiOnly, GatewayOnly })
            {
                await client.WaitUntilReadyAsync(TimeSpan.FromSeconds(90));
            }
        }

        /// <summary>The admin key the cluster's first start wrote, in the data folder of the silo that made it.</summary>
        public async Task<string> AdminKeyAsync() =>
            (await File.ReadAllTextAsync(Folders.Select(f => f.Combine("data", "admin-api-key")).Single(File.Exists))).Trim();

        public async Task<GameOpsApi> ApiAsync() => new(ApiOnly.CreateClient(await AdminKeyAsync()));

        public async Task<int> DataProtectionKeysAsync()
        {
            await using var connection = new NpgsqlConnection(_database);
            await connection.OpenAsync();
            await using var count = new NpgsqlCommand("SELECT count(*)::int FROM data_protection_keys", connection);
            return (int)(await count.ExecuteScalarAsync())!;
        }

        public string Outputs() =>
            $"--- grains A ---\n{GrainsA.Output}\n--- grains B ---\n{GrainsB.Output}\n--- api-only ---\n{ApiOnly.Output}\n--- gateway-only ---\n{GatewayOnly.Output}";

        public async Task DisposeAsync()
        {
            for (var i = _parts.Count - 1; i >= 0; i--)
            {
                await _parts[i].DisposeAsync();
            }

            foreach (var folder in Folders)
            {
                folder.Dispose();
            }
        }

        private static async Task<ClientAnswer> ProbeAsync(SiloProcess process)
        {
            using var client = process.CreateClient();
            using var healthz = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
            return new ClientAnswer(healthz.StatusCode, await ReadyzAsync(process));
        }

        private async Task<SiloProcess> StartAsync(int folder, RedisServer redis, string name, string roles, SiloPorts? ports = null, string[]? settings = null)
        {
            var database = new NpgsqlConnectionStringBuilder(_database) { ApplicationName = name }.ConnectionString;
            var process = await SiloProcess.StartAsync(Folders[folder].Path, StartTimeout,
            [
                .. ClusterSiloSettings.On(redis, database),
                $"--GameOps:Silo:Roles={roles}",

                // The Orleans gateway the grain-less processes reach the silos through.
                $"--GameOps:Silo:GatewayPort={TestPorts.Free().ToString(CultureInfo.InvariantCulture)}",
                .. settings ?? [],
            ], ports);
            lock (_parts)
            {
                _parts.Add(process);
            }

            return process;
        }
    }
}

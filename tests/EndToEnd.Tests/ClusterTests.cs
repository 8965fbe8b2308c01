using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using GameOps.AgentProtocol;
using GameOps.Grains.Events;
using GameOps.Grains.Hosts;
using GameOps.Grains.Jobs;

namespace GameOps.EndToEnd.Tests;

/// <summary>Two silo processes of one cluster on a throwaway Redis and PostgreSQL, as cluster mode runs them.</summary>
[Trait("Category", "Slow")]
public sealed class ClusterTests
{
    private const string RconPassword = "rcon-secret";
    private const string StatusAnswer = "hostname: GameOps test\nplayers : 1 humans, 0 bots (16/0 max)\n# userid name\n#      2 \"Alice\"\n";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Agent_connected_to_silo_A_runs_a_job_submitted_through_silo_B_and_silo_A_streams_lists_and_audits_it()
    {
        await using var cluster = await TwoSilos.StartAsync();
        var (siloA, siloB, apiA, apiB) = (cluster.SiloA, cluster.SiloB, cluster.ApiA, cluster.ApiB);

        // The admin key was made once, by the first silo; its hash is in the shared store, so silo B accepts it.
        Assert.False(File.Exists(Path.Combine(cluster.FolderB.Path, "data", "admin-api-key")));
        var host = await apiA.CreateEnrolledHostAsync("Cluster host");
        await using var sseA = await SseClient.OpenAsync(apiA.Client, "/api/v1/events", TimeSpan.FromSeconds(60));
        await using var game = new SourceRconTestServer(RconPassword, command => command == "status" ? StatusAnswer : $"Unknown command \"{command}\"");
        using var agentFolder = new TempDirectory();
        await using var agent = AgentProcess.Start(agentFolder.Path, new
        {
            controlPlaneUrl = siloA.GatewayAddress.ToString().TrimEnd('/'),
            hostId = host.Host.Id,
            credential = host.Credential,
            journalPath = agentFolder.Combine("journal.jsonl"),
            servers = new object[] { new { id = "main", name = "Main server", kind = "source-rcon", address = $"127.0.0.1:{game.Port}", password = RconPassword } },
        });
        await apiB.WaitForHostAsync(host.Host.Id, HostStatus.Online, TimeSpan.FromSeconds(60));

        var job = await apiB.CreateJobAsync(host.Host.Id, GameActions.PlayersList);
        var done = await apiB.WaitForJobAsync(job.Id, j => j.IsFinished, TimeSpan.FromSeconds(60));

        Assert.True(done.State == JobState.Succeeded,
            $"{done.State}: {done.Error}\n--- silo A ---\n{siloA.Output}\n--- silo B ---\n{siloB.Output}\n--- agent ---\n{agent.Process.Output}");
        Assert.Equal(StatusAnswer, done.Output);

        // The job's changes were made on whichever silo holds its grains; the stream brings them to silo A's viewers.
        await sseA.ReadUntilAsync(
            m => m.Event == nameof(JobStateChanged) && m.Data is { } data
                && data.Contains(job.Id.ToString(), StringComparison.Ordinal) && data.Contains(nameof(JobState.Succeeded), StringComparison.Ordinal),
            TimeSpan.FromSeconds(60));
        Assert.Equal(1, game.ExecutionCount("status"));
        var history = await apiA.Client.GetStringAsync(new Uri($"/api/v1/hosts/{host.Host.Id}/jobs", UriKind.Relative));
        Assert.Contains(job.Id.ToString(), history, StringComparison.Ordinal);
        var audit = await apiA.Client.GetStringAsync(new Uri($"/api/v1/audit?target=job/{job.Id:D}", UriKind.Relative));
        Assert.Contains(job.Id.ToString(), audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoke_through_silo_B_cuts_the_agent_connected_to_silo_A_at_once_and_it_enrols_again()
    {
        await using var cluster = await TwoSilos.StartAsync();
        var host = await cluster.ApiA.CreateHostAsync("Revoked host");
        using var agentFolder = new TempDirectory();
        var configPath = agentFolder.Combine("agent.json");
        // Made through silo A, the command names silo A's gateway.
        var (exitCode, output) = await AgentProcess.EnrolAsync(agentFolder.Path, host.Enrolment.Command, configPath);
        Assert.True(exitCode == 0, output);
        await using (var agent = AgentProcess.StartWithConfig(agentFolder.Path, configPath))
        {
            await cluster.ApiB.WaitForHostAsync(host.Host.Id, HostStatus.Online, TimeSpan.FromSeconds(60));

            var clock = System.Diagnostics.Stopwatch.StartNew();
            using var revoked = await cluster.ApiB.RevokeCredentialAsync(host.Host.Id);
            revoked.EnsureSuccessStatusCode();
            await agent.Process.WaitForOutputAsync("revoked", TimeSpan.FromSeconds(30));

            // Well under the 15 s heartbeat timeout and the 5 s between heartbeats: the cut came from the revoke itself.
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4), $"The agent heard of the revoke after {clock.Elapsed.TotalMilliseconds:0} ms.");
        }

        var again = await cluster.ApiB.CreateEnrolmentAsync(host.Host.Id);
        (exitCode, output) = await AgentProcess.EnrolAsync(agentFolder.Path, again.Command, configPath);
        Assert.True(exitCode == 0, output);
        await using var back = AgentProcess.StartWithConfig(agentFolder.Path, configPath);
        await cluster.ApiA.WaitForHostAsync(host.Host.Id, HostStatus.Online, TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task Sign_out_everywhere_on_silo_A_refuses_an_older_cookie_and_access_token_on_silo_B_at_once()
    {
        const string userName = "alice", password = "correct horse battery";
        await using var cluster = await TwoSilos.StartAsync();
        using var onA = Client(cluster.SiloA);
        using var setUp = await onA.PostAsJsonAsync("/api/v1/setup", new { setupToken = cluster.ReadSetupToken(), userName, password, orgName = "Alice's servers" });
        Assert.Equal(HttpStatusCode.Created, setUp.StatusCode);
        using var login = await onA.PostAsJsonAsync("/api/v1/auth/login", new { userName, password });
        login.EnsureSuccessStatusCode();
        using var cookieOnB = Client(cluster.SiloB);
        cookieOnB.DefaultRequestHeaders.Add("Cookie", string.Join("; ", login.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0])));
        using var tokenOnB = Client(cluster.SiloB, await AccessTokenAsync(onA, userName, password));
        using var callerOnA = Client(cluster.SiloA, await AccessTokenAsync(onA, userName, password));
        HttpStatusCode[] before = [await StatusAsync(cookieOnB), await StatusAsync(tokenOnB)];

        using var signedOut = await callerOnA.PostAsync(new Uri("/api/v1/me/sign-out-everywhere", UriKind.Relative), content: null);
        HttpStatusCode[] after = [await StatusAsync(cookieOnB), await StatusAsync(tokenOnB)];

        // Issued by silo A and accepted by silo B (one Data Protection key ring, in PostgreSQL: neither silo keeps one
        // in its data folder), then refused there on the next request.
        Assert.All(new[] { cluster.FolderA, cluster.FolderB }, folder => Assert.False(Directory.Exists(folder.Combine("data", "data-protection-keys"))));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK], before);
        Assert.Equal(HttpStatusCode.NoContent, signedOut.StatusCode);
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized], after);
    }

    [Fact]
    public async Task Every_silo_presents_the_one_gateway_certificate_the_cluster_made()
    {
        await using var cluster = await TwoSilos.StartAsync(tlsGateway: true);

        var fingerprint = (await cluster.ApiA.Client.GetFromJsonAsync<JsonElement>("/api/v1/gateway")).GetProperty("certificateFingerprint").GetString();
        var fingerprintOnB = (await cluster.ApiB.Client.GetFromJsonAsync<JsonElement>("/api/v1/gateway")).GetProperty("certificateFingerprint").GetString();
        string[] presented = [await PresentedFingerprintAsync(cluster.GatewayUrlA!), await PresentedFingerprintAsync(cluster.GatewayUrlB!)];

        Assert.Matches("^([0-9A-F]{2}:){31}[0-9A-F]{2}$", fingerprint);
        Assert.Equal(fingerprint, fingerprintOnB);
        Assert.Equal([fingerprint!, fingerprint!], presented);
        Assert.All(new[] { cluster.FolderA, cluster.FolderB }, folder => Assert.False(File.Exists(folder.Combine("data", "gateway-certificate.protected"))));
    }

    [Fact]
    public async Task Every_silo_given_one_certificate_file_presents_its_fingerprint_and_stores_none()
    {
        using var files = new TempDirectory();
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        using var given = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=gateway.example", key, System.Security.Cryptography.HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        File.WriteAllText(files.Combine("gateway.crt"), given.ExportCertificatePem());
        File.WriteAllText(files.Combine("gateway.key"), key.ExportPkcs8PrivateKeyPem());
        var expected = string.Join(':', given.GetCertHash(System.Security.Cryptography.HashAlgorithmName.SHA256).Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));

        await using var cluster = await TwoSilos.StartAsync(tlsGateway: true,
            [$"--GameOps:Gateway:CertificateFile={files.Combine("gateway.crt")}", $"--GameOps:Gateway:CertificateKeyFile={files.Combine("gateway.key")}"]);

        var shown = (await cluster.ApiB.Client.GetFromJsonAsync<JsonElement>("/api/v1/gateway")).GetProperty("certificateFingerprint").GetString();
        string[] presented = [await PresentedFingerprintAsync(cluster.GatewayUrlA!), await PresentedFingerprintAsync(cluster.GatewayUrlB!)];
        Assert.Equal(expected, shown);
        Assert.Equal([expected, expected], presented);
        Assert.All(new[] { cluster.FolderA, cluster.FolderB }, folder => Assert.False(File.Exists(folder.Combine("data", "gateway-certificate.protected"))));
    }

    [Fact]
    public async Task A_schedule_created_through_silo_A_fires_on_silo_B_after_silo_A_is_killed()
    {
        await using var cluster = await TwoSilos.StartAsync();
        var host = await cluster.ApiA.CreateEnrolledHostAsync("Scheduled host");
        await using var game = new SourceRconTestServer(RconPassword, command => $"Unknown command \"{command}\"");
        using var agentFolder = new TempDirectory();
        await using var agent = AgentProcess.Start(agentFolder.Path, new
        {
            controlPlaneUrl = cluster.SiloB.GatewayAddress.ToString().TrimEnd('/'),
            hostId = host.Host.Id,
            credential = host.Credential,
            journalPath = agentFolder.Combine("journal.jsonl"),
            servers = new object[] { new { id = "main", name = "Main server", kind = "source-rcon", address = $"127.0.0.1:{game.Port}", password = RconPassword } },
        });
        await Eventually.ReadAsync(
            () => cluster.ApiB.GetHostAsync(host.Host.Id),
            h => h.Status == HostStatus.Online && h.Servers.Any(server => server.Id == "main"),
            TimeSpan.FromSeconds(60));

        // Every minute: its wake reminder is registered through silo A and kept in PostgreSQL, not in silo A.
        using var created = await cluster.ApiA.Client.PostAsJsonAsync("/api/v1/schedules", new
        {
            name = "Every minute",
            cron = "* * * * *",
            timeZone = "UTC",
            targets = new[] { new { hostId = host.Host.Id, serverId = "main" } },
            steps = new[] { new { kind = "Wait", seconds = 1 } },
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var scheduleId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await cluster.SiloA.KillAsync();
        var killedAt = DateTimeOffset.UtcNow;

        // Silo B declares A dead, takes over its reminder range and its grains; the next minute's wake runs on B.
        // Until then, a call that reaches a grain on A fails: read that as no run yet.
        await Eventually.ReadAsync(
            async () =>
            {
                using var response = await cluster.ApiB.Client.GetAsync(new Uri($"/api/v1/schedules/{scheduleId}/runs", UriKind.Relative));
                return response.IsSuccessStatusCode
                    ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runs").EnumerateArray().ToArray()
                    : [];
            },
            r => r.Any(run => run.GetProperty("startedAt").GetDateTimeOffset() > killedAt && run.GetProperty("outcome").GetString() == "Succeeded"),
            TimeSpan.FromMinutes(3));
    }

    /// <summary>The SHA-256 fingerprint of the certificate a TLS endpoint presents, as agents pin it.</summary>
    private static async Task<string> PresentedFingerprintAsync(Uri endpoint)
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await tcp.ConnectAsync(endpoint.Host, endpoint.Port, timeout.Token);
        byte[]? hash = null;
        // Trusted as an agent trusts it: by what the test compares, the fingerprint, whatever its chain.
        await using var tls = new System.Net.Security.SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, (_, certificate, _, _) =>
            (hash = certificate?.GetCertHash(System.Security.Cryptography.HashAlgorithmName.SHA256)) is not null);
        await tls.AuthenticateAsClientAsync(new System.Net.Security.SslClientAuthenticationOptions
        {
            TargetHost = endpoint.Host,
            ApplicationProtocols = [System.Net.Security.SslApplicationProtocol.Http2],
        }, timeout.Token);
        return string.Join(':', hash!.Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));
    }

    // Cookies only as a test sends them: a cookie container would carry silo A's cookie to silo B by itself (same host).
    private static HttpClient Client(SiloProcess silo, string? bearer = null)
    {
        var client = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = silo.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return client;
    }

    private static async Task<string> AccessTokenAsync(HttpClient silo, string userName, string password)
    {
        using var response = await silo.PostAsJsonAsync("/api/v1/auth/token", new { userName, password });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient client)
    {
        using var response = await client.GetAsync(new Uri("/api/v1/me/orgs", UriKind.Relative));
        return response.StatusCode;
    }

    /// <summary>Two silos of one cluster on a throwaway Redis and PostgreSQL, each with the API of the one admin key.</summary>
    private sealed class TwoSilos : IAsyncDisposable
    {
        private readonly List<IAsyncDisposable> _parts = [];

        public TempDirectory FolderA { get; } = new();

        public TempDirectory FolderB { get; } = new();

        public SiloProcess SiloA { get; private set; } = null!;

        public SiloProcess SiloB { get; private set; } = null!;

        public GameOpsApi ApiA { get; private set; } = null!;

        public GameOpsApi ApiB { get; private set; } = null!;

        /// <summary>Each silo's TLS gateway, when started with one.</summary>
        public Uri? GatewayUrlA { get; private set; }

        public Uri? GatewayUrlB { get; private set; }

        public static async Task<TwoSilos> StartAsync(bool tlsGateway = false, string[]? extraSettings = null)
        {
            var cluster = new TwoSilos();
            try
            {
                var postgres = await PostgresServer.StartAsync();
                cluster._parts.Add(postgres);
                var redis = await RedisServer.StartAsync();
                cluster._parts.Add(redis);
                string[] settings = [.. ClusterSiloSettings.On(redis, await postgres.CreateDatabaseAsync()), .. extraSettings ?? []];
                if (tlsGateway)
                {
                    cluster.GatewayUrlA = new Uri($"https://127.0.0.1:{TestPorts.Free()}");
                    cluster.GatewayUrlB = new Uri($"https://127.0.0.1:{TestPorts.Free()}");
                }

                cluster.SiloA = await SiloProcess.StartAsync(cluster.FolderA.Path, StartTimeout, [.. settings, .. GatewaySetting(cluster.GatewayUrlA)]);
                cluster._parts.Add(cluster.SiloA);
                cluster.SiloB = await SiloProcess.StartAsync(cluster.FolderB.Path, StartTimeout, [.. settings, .. GatewaySetting(cluster.GatewayUrlB)]);
                cluster._parts.Add(cluster.SiloB);
                cluster.ApiA = await GameOpsApi.ForAsync(cluster.SiloA, cluster.FolderA.Path);
                cluster.ApiB = new GameOpsApi(cluster.SiloB.CreateClient(cluster.ApiA.Client.DefaultRequestHeaders.Authorization!.Parameter));
                return cluster;
            }
            catch
            {
                await cluster.DisposeAsync();
                throw;
            }
        }

        private static string[] GatewaySetting(Uri? url) => url is null ? [] : [$"--Kestrel:Endpoints:Gateway:Url={url.GetLeftPart(UriPartial.Authority)}"];

        /// <summary>The one-time setup token the cluster's first start wrote, in the data folder of the silo that made it.</summary>
        public string ReadSetupToken() =>
            new[] { FolderA, FolderB }.Select(f => f.Combine("data", "setup-token")).Where(File.Exists).Select(f => File.ReadAllText(f).Trim()).Single();

        public async ValueTask DisposeAsync()
        {
            ApiA?.Dispose();
            ApiB?.Dispose();
            for (var i = _parts.Count - 1; i >= 0; i--)
            {
                await _parts[i].DisposeAsync();
            }

            FolderA.Dispose();
            FolderB.Dispose();
        }
    }
}

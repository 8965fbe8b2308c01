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
        await using var postgres = await PostgresServer.StartAsync();
        await using var redis = await RedisServer.StartAsync();
        string[] settings =
        [
            "--GameOps:Silo:Mode=Cluster",
            $"--GameOps:Cluster:RedisConnectionString={redis.ConnectionString}",
            "--GameOps:Cluster:AdvertisedAddress=127.0.0.1",
            $"--GameOps:Storage:Postgres:ConnectionString={await postgres.CreateDatabaseAsync()}",
        ];
        using var folderA = new TempDirectory();
        using var folderB = new TempDirectory();
        await using var siloA = await SiloProcess.StartAsync(folderA.Path, StartTimeout, settings);
        await using var siloB = await SiloProcess.StartAsync(folderB.Path, StartTimeout, settings);
        using var apiA = await GameOpsApi.ForAsync(siloA, folderA.Path);

        // The admin key was made once, by the first silo; its hash is in the shared store, so silo B accepts it.
        Assert.False(File.Exists(Path.Combine(folderB.Path, "data", "admin-api-key")));
        using var apiB = new GameOpsApi(siloB.CreateClient(apiA.Client.DefaultRequestHeaders.Authorization!.Parameter));
        var host = await apiA.CreateHostAsync("Cluster host");
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
}

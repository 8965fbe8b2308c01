using System.Net;

namespace GameOps.EndToEnd.Tests;

/// <summary>What an operator of cluster mode runs and reads: the migrate command, a bad setting, /readyz.</summary>
[Trait("Category", "Slow")]
public sealed class ClusterOperationsTests
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Migrate_applies_the_schema_once_and_a_second_run_says_it_is_current()
    {
        await using var postgres = await PostgresServer.StartAsync();
        var connectionString = await postgres.CreateDatabaseAsync();
        using var folder = new TempDirectory();

        var (firstExit, first) = await MigrateAsync(folder, $"--GameOps:Storage:Postgres:ConnectionString={connectionString}");
        var (secondExit, second) = await MigrateAsync(folder, $"--GameOps:Storage:Postgres:ConnectionString={connectionString}");

        Assert.True(firstExit == 0, first);
        Assert.Matches(@"Applied \d+ migration\(s\): 1 0001-orleans-storage, .*the schema is at version \d+\.", first);
        Assert.True(secondExit == 0, second);
        Assert.Matches(@"The schema is current \(version \d+\)\.", second);
    }

    [Fact]
    public async Task Migrate_without_a_connection_string_fails_naming_the_setting()
    {
        using var folder = new TempDirectory();

        var (exit, output) = await MigrateAsync(folder);

        Assert.NotEqual(0, exit);
        Assert.Contains("GameOps:Storage:Postgres:ConnectionString", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cluster_silo_without_redis_refuses_to_start_naming_the_setting()
    {
        using var folder = new TempDirectory();
        var ports = SiloPorts.Free();
        await using var silo = ConsoleProcess.Start("dotnet",
        [
            RepositoryPaths.SiloDll,
            $"--Kestrel:Endpoints:Api:Url=http://127.0.0.1:{ports.Api}",
            $"--Kestrel:Endpoints:Gateway:Url=http://127.0.0.1:{ports.Gateway}",
            $"--GameOps:Silo:SiloPort={ports.Silo}",
            "--GameOps:Silo:Mode=Cluster",
            "--GameOps:Storage:Postgres:ConnectionString=Host=127.0.0.1;Database=unused",
        ], folder.Path);

        var exit = await silo.WaitForExitAsync(CommandTimeout);

        Assert.NotEqual(0, exit);
        Assert.Contains("GameOps:Cluster:RedisConnectionString", silo.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readyz_of_a_cluster_silo_follows_its_postgresql()
    {
        var postgres = await PostgresServer.StartAsync();
        try
        {
            await using var redis = await RedisServer.StartAsync();
            using var folder = new TempDirectory();
            await using var silo = await SiloProcess.StartAsync(
                folder.Path, CommandTimeout, ClusterSiloSettings.On(redis, await postgres.CreateDatabaseAsync()));
            using var client = silo.CreateClient();
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode);

            await postgres.DisposeAsync();

            var body = await Eventually.ReadAsync(
                () => ReadyzAsync(client),
                readyz => readyz.Status == HttpStatusCode.ServiceUnavailable,
                TimeSpan.FromSeconds(60));
            Assert.Contains("storage: Unhealthy", body.Text, StringComparison.Ordinal);
            Assert.Contains("redis: Healthy", body.Text, StringComparison.Ordinal);
        }
        finally
        {
            await postgres.DisposeAsync();
        }
    }

    [Fact]
    public async Task Readyz_of_a_cluster_silo_follows_its_redis_and_names_it()
    {
        await using var postgres = await PostgresServer.StartAsync();
        var redis = await RedisServer.StartAsync();
        try
        {
            using var folder = new TempDirectory();
            await using var silo = await SiloProcess.StartAsync(
                folder.Path, CommandTimeout, ClusterSiloSettings.On(redis, await postgres.CreateDatabaseAsync()));
            using var client = silo.CreateClient();
            var ready = await ReadyzAsync(client);
            Assert.Equal(HttpStatusCode.OK, ready.Status);
            Assert.Contains("redis: Healthy", ready.Text, StringComparison.Ordinal);

            await redis.DisposeAsync();

            var body = await Eventually.ReadAsync(
                () => ReadyzAsync(client),
                readyz => readyz.Status == HttpStatusCode.ServiceUnavailable,
                TimeSpan.FromSeconds(60));
            Assert.Contains("redis: Unhealthy (Redis is not reachable.)", body.Text, StringComparison.Ordinal);
            Assert.Contains("storage: Healthy", body.Text, StringComparison.Ordinal);
        }
        finally
        {
            await redis.DisposeAsync();
        }
    }

    private static async Task<(HttpStatusCode Status, string Text)> ReadyzAsync(HttpClient client)
    {
        using var response = await client.GetAsync(new Uri("/readyz", UriKind.Relative));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<(int Exit, string Output)> MigrateAsync(TempDirectory folder, params string[] settings)
    {
        await using var migrate = ConsoleProcess.Start("dotnet", [RepositoryPaths.SiloDll, "migrate", .. settings], folder.Path);
        var exit = await migrate.WaitForExitAsync(CommandTimeout);
        return (exit, migrate.Output);
    }
}

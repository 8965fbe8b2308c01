using System.Net;
using System.Net.Http.Json;
using GameOps.Grains.Hosts;
using GameOps.Grains.Jobs;
using GameOps.Silo.Jobs;
using GameOps.Silo.Tests.Gateway;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Data.Sqlite;

namespace GameOps.Silo.Tests.Storage;

/// <summary>A database that stops taking writes: the API says so, nothing half-stored runs, and work resumes after.</summary>
[Trait("Category", "Slow")]
public sealed class StorageOutageTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Job_refused_while_the_database_is_locked_is_never_sent_and_jobs_run_again_after()
    {
        using var folder = new TempDirectory();
        await using var silo = await SiloProcess.StartAsync(folder.Path, Patience, ["--GameOps:Storage:Sqlite:BusyTimeout=00:00:01"]);
        using var api = await GameOpsApi.ForAsync(silo, folder.Path);
        var host = await api.CreateEnrolledHostAsync();
        await using var agent = await TestAgent.ConnectAsync(silo.GatewayAddress, host.Host.Id, host.Credential);
        await api.WaitForHostAsync(host.Host.Id, HostStatus.Online, Patience);

        HttpResponseMessage refused;
        await using (var lockHolder = new SqliteConnection($"Data Source={folder.Combine("data", "gameops.db")};Pooling=False"))
        {
            // Another writer holds SQLite's write lock past the silo's busy timeout: every write the silo tries fails.
            await lockHolder.OpenAsync();
            await using var exclusive = lockHolder.CreateCommand();
            exclusive.CommandText = "BEGIN EXCLUSIVE;";
            await exclusive.ExecuteNonQueryAsync();
            refused = await api.PostJobAsync(host.Host.Id);
            exclusive.CommandText = "ROLLBACK;";
            await exclusive.ExecuteNonQueryAsync();
        }

        var accepted = await api.CreateJobAsync(host.Host.Id);
        var firstSent = (await agent.ReadAsync()).JobAssignment;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("Storage unavailable", (await refused.Content.ReadFromJsonAsync<ProblemDetails>())!.Title);
        Assert.Equal(accepted.Id.ToString(), firstSent.JobId);
        Assert.Equal(1, (await api.GetHostAsync(host.Host.Id)).QueuedJobs);
        Assert.Equal([accepted.Id], (await api.Client.GetFromJsonAsync<JobPage>($"/api/v1/hosts/{host.Host.Id}/jobs", GameOpsApi.Json))!.Jobs.Select(j => j.Id));
    }
}

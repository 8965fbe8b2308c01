using System.Net.Http.Json;
using GameOps.Grains.Hosts;
using GameOps.Grains.Jobs;

namespace GameOps.Silo.Tests.Restart;

public sealed class RestartTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Hosts_and_jobs_survive_a_killed_silo()
    {
        using var folder = new TempDirectory();
        NewHost created;
        JobView job;
        string adminKey;

        await using (var first = await SiloProcess.StartAsync(folder.Path, StartTimeout))
        {
            adminKey = (await File.ReadAllTextAsync(folder.Combine("data", "admin-api-key"))).Trim();
            using var api = await GameOpsApi.ForAsync(first, folder.Path);
            created = await api.CreateHostAsync("Survivor");
            job = await api.CreateJobAsync(created.Host.Id, JobActions.WorldSave, timeoutSeconds: 3600);

            await first.KillAsync();
        }

        Assert.True(File.Exists(folder.Combine("data", "gameops.db")), "The database belongs under ./data of the working directory.");

        await using var second = await SiloProcess.StartAsync(folder.Path, StartTimeout);
        Assert.Equal(adminKey, (await File.ReadAllTextAsync(folder.Combine("data", "admin-api-key"))).Trim());
        using var again = await GameOpsApi.ForAsync(second, folder.Path);
        var hosts = await again.Client.GetFromJsonAsync<HostView[]>("/api/v1/hosts", GameOpsApi.Json);
        var jobAfter = await again.GetJobAsync(job.Id);
        var hostJobs = await again.Client.GetFromJsonAsync<JobView[]>($"/api/v1/hosts/{created.Host.Id}/jobs", GameOpsApi.Json);

        var host = Assert.Single(hosts!);
        Assert.Equal((created.Host.Id, created.Host.Name, created.Host.CreatedAt), (host.Id, host.Name, host.CreatedAt));
        Assert.Equal(1, host.QueuedJobs);
        Assert.Equivalent(job, jobAfter, strict: true);
        Assert.Equal([job.Id], hostJobs!.Select(j => j.Id));
    }
}

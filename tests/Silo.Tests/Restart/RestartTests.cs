using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GameOps.Grains.Hosts;
using GameOps.Grains.Jobs;
using GameOps.Silo.Hosts;

namespace GameOps.Silo.Tests.Restart;

public sealed class RestartTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    [Fact]
    public async Task Hosts_and_jobs_survive_a_killed_silo()
    {
        using var folder = new TempDirectory();
        CreatedHost created;
        JobView job;
        string adminKey;

        await using (var first = await SiloProcess.StartAsync(folder.Path, StartTimeout))
        {
            adminKey = (await File.ReadAllTextAsync(folder.Combine("data", "admin-api-key"))).Trim();
            using var api = first.CreateClient(adminKey);
            var hostResponse = await api.PostAsJsonAsync("/api/v1/hosts", new { name = "Survivor" });
            created = (await hostResponse.Content.ReadFromJsonAsync<CreatedHost>(Json))!;
            var jobResponse = await api.PostAsJsonAsync($"/api/v1/hosts/{created.Host.Id}/jobs",
                new { serverId = "main", action = "world.save", timeoutSeconds = 3600 });
            Assert.Equal(HttpStatusCode.Created, jobResponse.StatusCode);
            job = (await jobResponse.Content.ReadFromJsonAsync<JobView>(Json))!;

            await first.KillAsync();
        }

        Assert.True(File.Exists(folder.Combine("data", "gameops.db")), "The database belongs under ./data of the working directory.");

        await using var second = await SiloProcess.StartAsync(folder.Path, StartTimeout);
        Assert.Equal(adminKey, (await File.ReadAllTextAsync(folder.Combine("data", "admin-api-key"))).Trim());
        using var again = second.CreateClient(adminKey);
        var hosts = await again.GetFromJsonAsync<HostView[]>("/api/v1/hosts", Json);
        var jobAfter = await again.GetFromJsonAsync<JobView>($"/api/v1/jobs/{job.Id}", Json);
        var hostJobs = await again.GetFromJsonAsync<JobView[]>($"/api/v1/hosts/{created.Host.Id}/jobs", Json);

        var host = Assert.Single(hosts!);
        Assert.Equal((created.Host.Id, created.Host.Name, created.Host.CreatedAt), (host.Id, host.Name, host.CreatedAt));
        Assert.Equal(1, host.QueuedJobs);
        Assert.Equivalent(job, jobAfter, strict: true);
        Assert.Equal([job.Id], hostJobs!.Select(j => j.Id));
    }
}

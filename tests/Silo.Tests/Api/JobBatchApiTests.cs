using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GameOps.AgentProtocol;
using GameOps.Grains;
using GameOps.Grains.Agents;
using GameOps.Grains.GameServers;
using GameOps.Grains.Identity;
using GameOps.Grains.Jobs;
using GameOps.Silo.Hosts;
using GameOps.Silo.Jobs;
using GameOps.Silo.Tests.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace GameOps.Silo.Tests.Api;

/// <summary><c>POST /api/v1/hosts/{hostId}/jobs:batch</c>: checked as single submits are, item by item, stored all or none.</summary>
public sealed class JobBatchApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static readonly JsonSerializerOptions Json = GameOpsApi.Json;

    private HttpClient Admin => factory.CreateAdminClient();

    [Fact]
    public async Task A_batch_is_answered_with_each_job_in_the_order_asked()
    {
        var hostId = await CreateHostAsync();

        var response = await Admin.PostAsJsonAsync($"/api/v1/hosts/{hostId}/jobs:batch", new
        {
            jobs = new object[]
            {
                new { serverId = "main", action = "players.list" },
                new { serverId = "main", action = "chat.say", arguments = new { message = "hello" }, idempotencyKey = "greeting" },
                new { serverId = "other", action = "server.time", timeoutSeconds = 30 },
            },
        });
        var batch = (await response.Content.ReadFromJsonAsync<JobBatchView>(Json))!;
        var replay = await Admin.PostAsJsonAsync($"/api/v1/hosts/{hostId}/jobs:batch", new
        {
            jobs = new[] { new { serverId = "main", action = "chat.say", arguments = new { message = "hello" }, idempotencyKey = "greeting" } },
        });
        var listed = (await Admin.GetFromJsonAsync<JobPage>($"/api/v1/hosts/{hostId}/jobs", Json))!;

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(["players.list", "chat.say", "server.time"], batch.Jobs.Select(j => j.Job.Action));
        Assert.Equal(["main", "main", "other"], batch.Jobs.Select(j => j.Job.ServerId));
        Assert.All(batch.Jobs, j => Assert.True(j.Created && j.Job.State == JobState.Queued));
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(batch.Jobs[1].Job.Id, (await replay.Content.ReadFromJsonAsync<JobBatchView>(Json))!.Jobs.Single().Job.Id);
        Assert.Equal(batch.Jobs.Select(j => j.Job.Id).Order(), listed.Jobs.Select(j => j.Id).Order());
    }

    [Fact]
    public async Task Each_bad_job_is_named_by_its_index_and_field_and_nothing_is_stored()
    {
        var hostId = await CreateHostAsync();
        var jobs = Enumerable.Range(0, 5).Select(_ => (object)new { serverId = "main", action = "players.list" }).ToArray();
        jobs[1] = new { serverId = "main", action = "chat.say", arguments = new Dictionary<string, string?> { ["message"] = null } };
        jobs[3] = new { serverId = "main", action = "no.such.action" };
        jobs[4] = new { serverId = "Not A Server", action = "players.list", timeoutSeconds = 0 };

        var response = await Admin.PostAsJsonAsync($"/api/v1/hosts/{hostId}/jobs:batch", new { jobs });
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(
            ["jobs[1].arguments.message", "jobs[3].action", "jobs[4].serverId", "jobs[4].timeoutSeconds"],
            errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Empty((await Admin.GetFromJsonAsync<JobPage>($"/api/v1/hosts/{hostId}/jobs", Json))!.Jobs);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(JobLimits.MaxJobsPerBatch + 1)]
    public async Task An_empty_batch_or_one_past_the_limit_is_400(int count)
    {
        var hostId = await CreateHostAsync();
        var jobs = Enumerable.Repeat(new { serverId = "main", action = "players.list" }, count).ToArray();

        var response = await Admin.PostAsJsonAsync($"/api/v1/hosts/{hostId}/jobs:batch", new { jobs });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("jobs", out _));
        Assert.Empty((await Admin.GetFromJsonAsync<JobPage>($"/api/v1/hosts/{hostId}/jobs", Json))!.Jobs);
    }

    [Fact]
    public async Task A_full_batch_of_100_is_accepted()
    {
        var hostId = await CreateHostAsync();
        var jobs = Enumerable.Repeat(new { serverId = "main", action = "players.list" }, JobLimits.MaxJobsPerBatch).ToArray();

        var response = await Admin.PostAsJsonAsync($"/api/v1/hosts/{hostId}/jobs:batch", new { jobs });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(JobLimits.MaxJobsPerBatch, (await response.Content.ReadFromJsonAsync<JobBatchView>(Json))!.Jobs.Select(j => j.Job.Id).Distinct().Count());
    }

    [Fact]
    public async Task A_batch_needs_a_key_whose_role_may_submit_jobs()
    {
        var hostId = await CreateHostAsync();
        using var viewer = OrgKeys.ClientWith(factory, (await OrgKeys.CreateAsync(factory, "default", OrgRole.Viewer)).Key);
        using var anonymous = factory.CreateClient();
        var jobs = new object[] { new { serverId = "main", action = "players.list" }, new { serverId = "main", action = "server.restart" } };

        var asViewer = await viewer.PostAsJsonAsync($"/api/v1/hosts/{hostId}/jobs:batch", new { jobs });
        var asNobody = await anonymous.PostAsJsonAsync($"/api/v1/hosts/{hostId}/jobs:batch", new { jobs });
        Assert.Equal(HttpStatusCode.Forbidden, asViewer.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, asNobody.StatusCode);
        Assert.Empty((await Admin.GetFromJsonAsync<JobPage>($"/api/v1/hosts/{hostId}/jobs", Json))!.Jobs);
    }

    [Fact]
    public async Task A_batch_with_a_job_the_servers_policy_refuses_is_403_naming_the_job_and_the_next_batch_sees_a_new_policy()
    {
        var hostId = await CreateHostAsync();
        await Grains.GetHostGrain(hostId).ConnectAsync(Guid.NewGuid(), "ipv4:192.0.2.10:40000", Grains.CreateObjectReference<IAgentObserver>(new SilentAgent()),
            new AgentHello("test", [new GameServerDescriptor("main", "Main", "source-rcon", [])]));
        var server = Grains.GetGrain<IGameServerGrain>(GameServerKeys.For(hostId, "main"));
        await server.ReportEffectivePolicyAsync(new ServerPolicySpec(true, [GameActions.PlayersList], false, [], [], []));
        var jobs = new object[] { new { serverId = "main", action = "players.list" }, new { serverId = "main", action = "world.save" } };

        var refused = await Admin.PostAsJsonAsync($"/api/v1/hosts/{hostId}/jobs:batch", new { jobs });
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        var storedAfterRefusal = (await Admin.GetFromJsonAsync<JobPage>($"/api/v1/hosts/{hostId}/jobs", Json))!.Jobs;
        await server.ReportEffectivePolicyAsync(new ServerPolicySpec(false, [], false, [], [], []));
        var accepted = await Admin.PostAsJsonAsync($"/api/v1/hosts/{hostId}/jobs:batch", new { jobs });

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(JobChecks.RefusedByPolicy, problem.GetProperty("title").GetString());
        Assert.StartsWith("jobs[1]: refused by policy: ", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(storedAfterRefusal);
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
    }

    private IGrainFactory Grains => factory.Services.GetRequiredService<IGrainFactory>();

    private async Task<string> CreateHostAsync()
    {
        var response = await Admin.PostAsJsonAsync("/api/v1/hosts", new { name = "Batch box" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<CreatedHost>(Json))!.Host.Id;
    }
}

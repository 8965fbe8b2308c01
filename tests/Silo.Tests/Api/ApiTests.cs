using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GameOps.Grains.Hosts;
using GameOps.Grains.Jobs;
using GameOps.Grains.Orgs;
using GameOps.Silo.Hosts;
using GameOps.Silo.Jobs;
using GameOps.Silo.Tests.Storage;

namespace GameOps.Silo.Tests.Api;

public sealed class ApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static readonly JsonSerializerOptions Json = GameOpsApi.Json;

    private HttpClient Admin => factory.CreateAdminClient();

    private async Task<CreatedHost> CreateHostAsync(string name = "Box one")
    {
        var response = await Admin.PostAsJsonAsync("/api/v1/hosts", new { name });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<CreatedHost>(Json))!;
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task Request_without_a_key_is_refused_with_401()
    {
        var response = await factory.CreateClient().GetAsync("/api/v1/hosts");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(401, (await ProblemAsync(response)).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Request_with_a_wrong_key_is_refused_with_401()
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", "goa_not-the-key");

        var response = await client.GetAsync("/api/v1/hosts");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var problem = await ProblemAsync(response);
        Assert.DoesNotContain("goa_not-the-key", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Created_host_can_be_read_and_listed()
    {
        var created = await CreateHostAsync("Frankfurt 1");

        Assert.Equal(HostStatus.Pending, created.Host.Status);
        var read = await Admin.GetFromJsonAsync<HostView>($"/api/v1/hosts/{created.Host.Id}", Json);
        var listed = (await Admin.GetFromJsonAsync<HostPage>("/api/v1/hosts", Json))?.Hosts;
        Assert.Equivalent(created.Host, read, strict: true);
        var summary = Assert.Single(listed!, h => h.Id == created.Host.Id);
        Assert.Equal(
            (created.Host.Name, created.Host.Status, created.Host.StatusChangedAt, (DateTimeOffset?)null),
            (summary.Name, summary.Status, summary.StatusChangedAt, summary.LastHeartbeatAt));
        Assert.Empty(summary.Servers);
    }

    [Fact]
    public async Task Admin_key_keeps_working_across_requests()
    {
        // The verifier remembers the last accepted key; a different, wrong key must still be refused in between.
        Assert.Equal(HttpStatusCode.OK, (await Admin.GetAsync("/api/v1/hosts")).StatusCode);
        var wrong = factory.CreateClient();
        wrong.DefaultRequestHeaders.Authorization = new("Bearer", "goa_" + new string('x', 43));
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("/api/v1/hosts")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Admin.GetAsync("/api/v1/hosts")).StatusCode);
    }

    [Fact]
    public async Task New_host_comes_with_an_enrolment_token_and_no_credential_and_neither_is_stored_in_plain_text()
    {
        var response = await Admin.PostAsJsonAsync("/api/v1/hosts", new { name = "Box one" });
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(["host", "enrolment"], created.EnumerateObject().Select(p => p.Name));
        var token = created.GetProperty("enrolment").GetProperty("token").GetString()!;
        Assert.StartsWith("goe_", token, StringComparison.Ordinal);
        Assert.False(await DatabaseFile.ContainsAsync(factory.DatabasePath, token));
        Assert.False(await DatabaseFile.ContainsAsync(factory.DatabasePath, factory.AdminKey));
    }

    [Theory]
    [InlineData("{}", "name")]
    [InlineData("""{"name":""}""", "name")]
    [InlineData("""{"name":"   "}""", "name")]
    [InlineData("""{"name":"a\nb"}""", "name")]
    public async Task Host_with_a_bad_name_gets_a_field_error(string body, string field)
    {
        var response = await Admin.PostAsync("/api/v1/hosts", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await ProblemAsync(response)).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task Malformed_json_gets_a_clear_400()
    {
        var response = await Admin.PostAsync("/api/v1/hosts", new StringContent("{\"name\": ", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not valid JSON", (await ProblemAsync(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef")]
    [InlineData("NOT..valid")]
    public async Task Unknown_host_is_404(string hostId)
    {
        var response = await Admin.GetAsync($"/api/v1/hosts/{hostId}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(404, (await ProblemAsync(response)).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Created_job_is_queued_readable_and_listed_for_its_host()
    {
        var host = await CreateHostAsync();

        var response = await Admin.PostAsJsonAsync($"/api/v1/hosts/{host.Host.Id}/jobs",
            new { serverId = "main", action = "chat.say", arguments = new { message = "Restart in 5 minutes" }, timeoutSeconds = 30 });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var job = (await response.Content.ReadFromJsonAsync<JobView>(Json))!;
        Assert.Equal($"/api/v1/jobs/{job.Id}", response.Headers.Location?.ToString());
        Assert.Equal(JobState.Queued, job.State);
        Assert.Equal("Restart in 5 minutes", job.Arguments["message"]);
        Assert.Equal(TimeSpan.FromSeconds(30), job.Deadline - job.CreatedAt);
        Assert.Equivalent(job, await Admin.GetFromJsonAsync<JobView>($"/api/v1/jobs/{job.Id}", Json), strict: true);
        Assert.Equal([job.Id], (await Admin.GetFromJsonAsync<JobPage>($"/api/v1/hosts/{host.Host.Id}/jobs", Json))!.Jobs.Select(j => j.Id));
    }

    [Fact]
    public async Task Invalid_job_gets_an_error_for_every_bad_field()
    {
        var host = await CreateHostAsync();

        var response = await Admin.PostAsJsonAsync($"/api/v1/hosts/{host.Host.Id}/jobs",
            new { serverId = "Main Server", action = "shell.exec", arguments = new Dictionary<string, string?> { ["x"] = null }, timeoutSeconds = 0 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await ProblemAsync(response)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("serverId", out _));
        Assert.Contains("Unknown action 'shell.exec'", errors.GetProperty("action")[0].GetString(), StringComparison.Ordinal);
        Assert.True(errors.TryGetProperty("arguments.x", out _));
        Assert.True(errors.TryGetProperty("timeoutSeconds", out _));
        Assert.Empty((await Admin.GetFromJsonAsync<JobPage>($"/api/v1/hosts/{host.Host.Id}/jobs", Json))!.Jobs);
    }

    [Fact]
    public async Task Job_for_an_unknown_host_is_404()
    {
        var response = await Admin.PostAsJsonAsync("/api/v1/hosts/0123456789abcdef0123456789abcdef/jobs",
            new { serverId = "main", action = "players.list" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Unknown_job_is_404()
    {
        var response = await Admin.GetAsync($"/api/v1/jobs/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Cancelling_a_queued_job_ends_it_and_a_second_cancel_is_a_conflict()
    {
        var host = await CreateHostAsync();
        var created = await Admin.PostAsJsonAsync($"/api/v1/hosts/{host.Host.Id}/jobs", new { serverId = "main", action = "world.save" });
        var job = (await created.Content.ReadFromJsonAsync<JobView>(Json))!;

        var cancelled = await Admin.PostAsync($"/api/v1/jobs/{job.Id}/cancel", content: null);
        var again = await Admin.PostAsync($"/api/v1/jobs/{job.Id}/cancel", content: null);

        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal(JobState.Cancelled, (await cancelled.Content.ReadFromJsonAsync<JobView>(Json))!.State);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("already ended (Cancelled)", (await ProblemAsync(again)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await Admin.GetFromJsonAsync<HostView>($"/api/v1/hosts/{host.Host.Id}", Json))!.QueuedJobs);
    }

    [Fact]
    public async Task Cancelling_an_unknown_job_is_404()
    {
        var response = await Admin.PostAsync($"/api/v1/jobs/{Guid.NewGuid()}/cancel", content: null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Idempotency_key_replays_the_first_job()
    {
        var host = await CreateHostAsync();
        var client = Admin;
        client.DefaultRequestHeaders.Add("Idempotency-Key", "save-1");

        var first = await client.PostAsJsonAsync($"/api/v1/hosts/{host.Host.Id}/jobs", new { serverId = "main", action = "world.save" });
        var second = await client.PostAsJsonAsync($"/api/v1/hosts/{host.Host.Id}/jobs", new { serverId = "main", action = "world.save" });

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal((await first.Content.ReadFromJsonAsync<JobView>(Json))!.Id, (await second.Content.ReadFromJsonAsync<JobView>(Json))!.Id);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(201)]
    public async Task Job_list_limit_out_of_range_is_400(int limit)
    {
        var host = await CreateHostAsync();

        var response = await Admin.GetAsync($"/api/v1/hosts/{host.Host.Id}/jobs?limit={limit}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Waiting_for_a_job_nobody_runs_returns_it_as_it_stands()
    {
        var host = await CreateHostAsync();

        var response = await Admin.PostAsJsonAsync($"/api/v1/hosts/{host.Host.Id}/jobs?wait=1", new { serverId = "main", action = "players.list" });
        var job = (await response.Content.ReadFromJsonAsync<JobView>(Json))!;
        var again = (await Admin.GetFromJsonAsync<JobView>($"/api/v1/jobs/{job.Id}?wait=1", Json))!;

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(JobState.Queued, job.State);
        Assert.Equal(JobState.Queued, again.State);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(26)]
    public async Task Wait_out_of_range_is_400(int wait)
    {
        var host = await CreateHostAsync();

        var response = await Admin.PostAsJsonAsync($"/api/v1/hosts/{host.Host.Id}/jobs?wait={wait}", new { serverId = "main", action = "players.list" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await ProblemAsync(response)).GetProperty("errors").TryGetProperty("wait", out _));
        Assert.Empty((await Admin.GetFromJsonAsync<JobPage>($"/api/v1/hosts/{host.Host.Id}/jobs", Json))!.Jobs);
    }

    [Fact]
    public async Task Garbage_collection_report_is_for_the_platform_admin_only()
    {
        var refused = await factory.CreateClient().PostAsync("/api/v1/diagnostics/collect-garbage", null);
        var report = await Admin.PostAsync("/api/v1/diagnostics/collect-garbage", null);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        var memory = await report.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(memory.GetProperty("workingSetBytes").GetInt64() > memory.GetProperty("managedHeapBytes").GetInt64());
    }

    [Fact]
    public async Task Health_and_readiness_answer_without_a_key()
    {
        var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);
    }

    [Fact]
    public void Admin_key_file_is_readable_only_by_its_owner()
    {
        _ = factory.Server;

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(factory.AdminKeyPath));
        Assert.StartsWith("goa_", factory.AdminKey, StringComparison.Ordinal);
    }
}

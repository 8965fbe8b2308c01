using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GameOps.Grains.Jobs;
using GameOps.Silo.Hosts;
using GameOps.Silo.Jobs;
using GameOps.AgentProtocol;

namespace GameOps.Silo.Tests.Api;

/// <summary>Job listings from the history: paging, filters and scopes, against the silo's real SQLite file.</summary>
public sealed class JobHistoryApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static readonly JsonSerializerOptions Json = GameOpsApi.Json;

    private HttpClient Admin => factory.CreateAdminClient();

    [Fact]
    public async Task Paging_while_new_jobs_arrive_returns_every_earlier_job_once_newest_first()
    {
        var hostId = await CreateHostAsync();
        var earlier = new List<Guid>();
        for (var i = 0; i < 25; i++)
        {
            earlier.Add((await CreateJobAsync(hostId)).Id);
        }

        var seen = new List<Guid>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await ListAsync($"/api/v1/hosts/{hostId}/jobs?limit=10" + (cursor is null ? "" : $"&cursor={cursor}"));
            seen.AddRange(page.Jobs.Select(j => j.Id));
            cursor = page.NextCursor;
            pages++;

            // Jobs created between pages come before the cursor: they never shift a row into a later page.
            await CreateJobAsync(hostId);
            await CreateJobAsync(hostId);
        }
        while (cursor is not null && pages < 10);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Reverse(earlier), seen);
    }

    [Fact]
    public async Task Filters_narrow_the_list_by_state_action_actor_and_time()
    {
        var hostId = await CreateHostAsync();
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var save = await CreateJobAsync(hostId, GameActions.WorldSave);
        var list = await CreateJobAsync(hostId, GameActions.PlayersList);
        using var cancelled = await Admin.PostAsync($"/api/v1/jobs/{list.Id}/cancel", content: null);
        var scope = $"/api/v1/hosts/{hostId}/jobs";

        Assert.Equal([list.Id], (await ListAsync($"{scope}?state=cancelled")).Jobs.Select(j => j.Id));
        Assert.Equal(JobState.Cancelled, (await ListAsync($"{scope}?state=Cancelled")).Jobs.Single().State);
        Assert.Equal([save.Id], (await ListAsync($"{scope}?action=world.save")).Jobs.Select(j => j.Id));
        Assert.Equal([list.Id, save.Id], (await ListAsync($"{scope}?actor={save.RequestedBy.Id}")).Jobs.Select(j => j.Id));
        Assert.Empty((await ListAsync($"{scope}?actor=someone-else")).Jobs);
        Assert.Equal(2, (await ListAsync($"{scope}?from={Stamp(before)}")).Jobs.Count);
        Assert.Empty((await ListAsync($"{scope}?to={Stamp(before)}")).Jobs);
    }

    [Fact]
    public async Task Org_host_and_server_scopes_each_list_their_own_jobs()
    {
        var first = await CreateHostAsync();
        var second = await CreateHostAsync();
        var onMain = await CreateJobAsync(first);
        var onOther = await CreateJobAsync(first, serverId: "other");
        var onSecond = await CreateJobAsync(second);

        var org = (await ListAsync("/api/v1/jobs?limit=200")).Jobs.Select(j => j.Id).ToList();

        Assert.Contains(onMain.Id, org);
        Assert.Contains(onOther.Id, org);
        Assert.Contains(onSecond.Id, org);
        Assert.Equal([onOther.Id, onMain.Id], (await ListAsync($"/api/v1/hosts/{first}/jobs")).Jobs.Select(j => j.Id));
        Assert.Equal([onOther.Id], (await ListAsync($"/api/v1/hosts/{first}/servers/other/jobs")).Jobs.Select(j => j.Id));
    }

    [Fact]
    public async Task A_listed_job_shows_its_latest_state()
    {
        var hostId = await CreateHostAsync();
        var job = await CreateJobAsync(hostId);
        using var cancelled = await Admin.PostAsync($"/api/v1/jobs/{job.Id}/cancel", content: null);

        var listed = (await ListAsync($"/api/v1/hosts/{hostId}/jobs")).Jobs.Single();

        Assert.Equal(JobState.Cancelled, listed.State);
        Assert.NotNull(listed.FinishedAt);
    }

    [Fact]
    public async Task Unknown_host_is_404()
    {
        using var response = await Admin.GetAsync("/api/v1/hosts/0123456789abcdef0123456789abcdef/jobs");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static string Stamp(DateTimeOffset time) => Uri.EscapeDataString(time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture));

    private async Task<JobPage> ListAsync(string path)
    {
        using var response = await Admin.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JobPage>(Json))!;
    }

    private async Task<string> CreateHostAsync()
    {
        using var response = await Admin.PostAsJsonAsync("/api/v1/hosts", new { name = "History box" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<CreatedHost>(Json))!.Host.Id;
    }

    private async Task<JobView> CreateJobAsync(string hostId, string action = GameActions.PlayersList, string serverId = "main")
    {
        using var response = await Admin.PostAsJsonAsync($"/api/v1/hosts/{hostId}/jobs", new { serverId, action });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JobView>(Json))!;
    }
}

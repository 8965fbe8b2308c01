using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GameOps.AgentProtocol;
using GameOps.Grains;
using GameOps.Grains.Audit;
using GameOps.Grains.Jobs;
using GameOps.Silo.Alerts;
using GameOps.Silo.Audit;
using GameOps.Silo.Hosts;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace GameOps.Silo.Tests.Api;

/// <summary>Each change made through the API leaves one audit entry, stored with the change or the change is refused.</summary>
public sealed class AuditApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static readonly JsonSerializerOptions Json = GameOpsApi.Json;

    private HttpClient Admin => factory.CreateAdminClient();

    [Fact]
    public async Task Audit_needs_a_key() =>
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient().GetAsync("/api/v1/audit")).StatusCode);

    [Fact]
    public async Task Registering_a_host_leaves_one_entry_naming_the_admin_key_and_the_api()
    {
        using var created = await Admin.PostAsJsonAsync("/api/v1/hosts", new { name = "Audited box" });
        var host = (await created.Content.ReadFromJsonAsync<CreatedHost>(Json))!.Host;

        var entry = Assert.Single(await ListAsync($"target=host/{host.Id}"));

        Assert.Equal((AuditActions.HostRegister, "api", ActorKind.Api, "platform-admin"), (entry.Action, entry.Via, entry.Actor.Kind, entry.Actor.Id));
        Assert.Equal("""{"name":"Audited box"}""", entry.Changes);
    }

    [Fact]
    public async Task Submitting_and_cancelling_a_job_leave_one_entry_each_and_a_replayed_submit_none()
    {
        var hostId = await CreateHostAsync();
        var job = await SubmitAsync(hostId, "same-key");
        await SubmitAsync(hostId, "same-key");
        using var cancelled = await Admin.PostAsync($"/api/v1/jobs/{job.Id}/cancel", content: null);

        var entries = await ListAsync($"target=job/{job.Id}");

        Assert.Equal([AuditActions.JobCancel, AuditActions.JobSubmit], entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal((job.RequestedBy.Id, ActorKind.Api, "api"), (e.Actor.Id, e.Actor.Kind, e.Via)));
        var submitted = Changes(entries[1]);
        Assert.Equal(GameActions.ChatSay, submitted.GetProperty("action").GetString());
        Assert.Equal("hello", submitted.GetProperty("arguments").GetProperty("message").GetString());
        Assert.Equal(nameof(JobState.Cancelled), Changes(entries[0]).GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_jobs_end_records_the_games_answer_under_the_requester()
    {
        var hostId = await CreateHostAsync();
        var job = await SubmitAsync(hostId);

        await Jobs.GetJobGrain(job.Id).CompleteAsync(new JobResult(true, "2 players", Data: """{"players":[]}"""));

        var finished = (await ListAsync($"target=job/{job.Id}"))[0];
        var changes = Changes(finished);
        Assert.Equal((AuditActions.JobFinish, job.RequestedBy.Id), (finished.Action, finished.Actor.Id));
        Assert.Equal(("2 players", JsonValueKind.Array, false), (
            changes.GetProperty("output").GetString(), changes.GetProperty("data").GetProperty("players").ValueKind, changes.GetProperty("answerCut").GetBoolean()));
    }

    [Fact]
    public async Task A_games_answer_over_64_KiB_is_cut_at_64_KiB_with_the_mark()
    {
        var hostId = await CreateHostAsync();
        var job = await SubmitAsync(hostId);
        var answer = new string('é', 40_000); // 80,000 bytes of UTF-8

        await Jobs.GetJobGrain(job.Id).CompleteAsync(new JobResult(true, answer, Data: """{"players":[]}"""));

        var changes = Changes((await ListAsync($"target=job/{job.Id}"))[0]);
        var output = changes.GetProperty("output").GetString()!;
        Assert.True(changes.GetProperty("answerCut").GetBoolean());
        Assert.Equal(AuditEntries.MaxAnswerBytes, Encoding.UTF8.GetByteCount(output));
        Assert.StartsWith(output, answer, StringComparison.Ordinal);
        Assert.Equal("", changes.GetProperty("data").GetString());
    }

    [Fact]
    public async Task Adding_and_deleting_an_alert_rule_leave_one_entry_each()
    {
        using var created = await Admin.PostAsJsonAsync("/api/v1/alert-rules", new { name = "Audited rule", kind = "HostOffline" });
        var rule = (await created.Content.ReadFromJsonAsync<AlertRuleResponse>(Json))!;
        using var deleted = await Admin.DeleteAsync($"/api/v1/alert-rules/{rule.Id}");
        using var again = await Admin.DeleteAsync($"/api/v1/alert-rules/{rule.Id}");

        var entries = await ListAsync($"target=alert-rule/{rule.Id}");

        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal([AuditActions.AlertRuleDelete, AuditActions.AlertRuleAdd], entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal(("api", "Audited rule"), (e.Via, Changes(e).GetProperty("name").GetString())));
    }

    [Fact]
    public async Task A_change_whose_entry_cannot_be_stored_is_refused_and_not_kept()
    {
        RunSql("CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'audit refused'); END;");
        HttpResponseMessage refused;
        try
        {
            refused = await Admin.PostAsJsonAsync("/api/v1/alert-rules", new { name = "Unaudited rule", kind = "HostOffline" });
        }
        finally
        {
            RunSql("DROP TRIGGER refuse_audit;");
        }

        Assert.False(refused.IsSuccessStatusCode);
        Assert.DoesNotContain("Unaudited rule", (await Admin.GetFromJsonAsync<AlertRulePage>("/api/v1/alert-rules", Json))!.Rules.Select(r => r.Name));
        using var accepted = await Admin.PostAsJsonAsync("/api/v1/alert-rules", new { name = "Audited again", kind = "HostOffline" });
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        Assert.Equal(["Audited again"], (await Admin.GetFromJsonAsync<AlertRulePage>("/api/v1/alert-rules", Json))!.Rules
            .Select(r => r.Name).Where(n => n.Contains("Audited again", StringComparison.Ordinal) || n.Contains("Unaudited", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Pages_follow_the_cursor_and_filters_narrow_by_actor_and_time()
    {
        var hostId = await CreateHostAsync();
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        var jobs = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            jobs.Add((await SubmitAsync(hostId)).Id);
        }

        var first = await PageAsync($"limit=2&from={Stamp(since)}");
        var second = await PageAsync($"limit=2&from={Stamp(since)}&cursor={first.NextCursor}");

        Assert.Equal(Enumerable.Reverse(jobs).Select(id => $"job/{id:D}"), first.Entries.Concat(second.Entries).Select(e => e.Target).Where(t => t.StartsWith("job/", StringComparison.Ordinal)));
        Assert.Empty(await ListAsync($"target=host/{hostId}&actor=someone-else"));
        Assert.Empty(await ListAsync($"target=host/{hostId}&to={Stamp(since)}"));
    }

    private IGrainFactory Jobs => factory.Services.GetRequiredService<IGrainFactory>();

    private static JsonElement Changes(AuditEntry entry) => JsonDocument.Parse(entry.Changes).RootElement;

    private static string Stamp(DateTimeOffset time) => Uri.EscapeDataString(time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture));

    private void RunSql(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={factory.DatabasePath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private async Task<IReadOnlyList<AuditEntry>> ListAsync(string query) => (await PageAsync(query)).Entries;

    private async Task<AuditEntryPage> PageAsync(string query)
    {
        using var response = await Admin.GetAsync($"/api/v1/audit?{query}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{query}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<AuditEntryPage>(Json))!;
    }

    private async Task<string> CreateHostAsync()
    {
        using var response = await Admin.PostAsJsonAsync("/api/v1/hosts", new { name = "Audit box" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<CreatedHost>(Json))!.Host.Id;
    }

    private async Task<JobView> SubmitAsync(string hostId, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/hosts/{hostId}/jobs")
        {
            Content = JsonContent.Create(new { serverId = "main", action = GameActions.ChatSay, arguments = new { message = "hello" } }),
        };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        using var response = await Admin.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JobView>(Json))!;
    }
}

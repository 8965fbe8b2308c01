using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GameOps.Grains.Alerts;
using GameOps.Silo.Alerts;
using GameOps.Silo.Hosts;

namespace GameOps.Silo.Tests.Api;

public sealed class AlertApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static readonly JsonSerializerOptions Json = GameOpsApi.Json;

    private HttpClient Admin => factory.CreateAdminClient();

    [Theory]
    [InlineData("/api/v1/alerts")]
    [InlineData("/api/v1/alert-rules")]
    public async Task Alerts_need_a_key(string path)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient().GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient().PostAsJsonAsync("/api/v1/alert-rules", new { name = "x", kind = "HostOffline" })).StatusCode);
    }

    [Fact]
    public async Task Created_rule_is_listed_until_deleted()
    {
        var host = await CreateHostAsync();

        var response = await Admin.PostAsJsonAsync("/api/v1/alert-rules", new { name = "Box one down", kind = "HostOffline", forSeconds = 90, hostId = host.Host.Id });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var rule = (await response.Content.ReadFromJsonAsync<AlertRuleResponse>(Json))!;
        Assert.Equal($"/api/v1/alert-rules/{rule.Id}", response.Headers.Location?.ToString());
        Assert.Equal(("Box one down", AlertKind.HostOffline, 90, host.Host.Id), (rule.Name, rule.Kind, rule.ForSeconds, rule.HostId));
        Assert.Contains(rule.Id, (await Admin.GetFromJsonAsync<AlertRulePage>("/api/v1/alert-rules", Json))!.Rules.Select(r => r.Id));

        Assert.Equal(HttpStatusCode.NoContent, (await Admin.DeleteAsync($"/api/v1/alert-rules/{rule.Id}")).StatusCode);
        Assert.DoesNotContain(rule.Id, (await Admin.GetFromJsonAsync<AlertRulePage>("/api/v1/alert-rules", Json))!.Rules.Select(r => r.Id));
        var again = await Admin.DeleteAsync($"/api/v1/alert-rules/{rule.Id}");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Contains(rule.Id.ToString(), (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rule_is_changed_in_place_with_the_creates_checks_and_audited()
    {
        using var created = await Admin.PostAsJsonAsync("/api/v1/alert-rules", new { name = "Any server down", kind = "ServerDown", forSeconds = 60 });
        var rule = (await created.Content.ReadFromJsonAsync<AlertRuleResponse>(Json))!;

        using var changed = await Admin.PutAsJsonAsync($"/api/v1/alert-rules/{rule.Id}", new { name = "Paused for maintenance", kind = "ServerDown", forSeconds = 300, paused = true });
        using var refused = await Admin.PutAsJsonAsync($"/api/v1/alert-rules/{rule.Id}", new { name = "Bad", kind = "ServerDown", forSeconds = -1 });
        using var missing = await Admin.PutAsJsonAsync($"/api/v1/alert-rules/{Guid.NewGuid()}", new { name = "Nobody's", kind = "ServerDown" });

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var saved = (await changed.Content.ReadFromJsonAsync<AlertRuleResponse>(Json))!;
        Assert.Equal((rule.Id, "Paused for maintenance", 300, true, rule.CreatedAt), (saved.Id, saved.Name, saved.ForSeconds, saved.Paused, saved.CreatedAt));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(["forSeconds"], (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(saved, Assert.Single((await Admin.GetFromJsonAsync<AlertRulePage>("/api/v1/alert-rules", Json))!.Rules, r => r.Id == rule.Id));
        var audit = await Admin.GetFromJsonAsync<JsonElement>($"/api/v1/audit?target=alert-rule/{rule.Id}");
        var update = audit.GetProperty("entries")[0];
        Assert.Equal("alert-rule.update", update.GetProperty("action").GetString());
        Assert.Equal("Any server down", update.GetProperty("changes").GetProperty("before").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Invalid_rule_gets_an_error_for_every_bad_field_and_is_not_kept()
    {
        var before = (await Admin.GetFromJsonAsync<AlertRulePage>("/api/v1/alert-rules", Json))!.Rules.Count;

        var response = await Admin.PostAsJsonAsync("/api/v1/alert-rules", new { name = " ", forSeconds = -5, hostId = "0123456789abcdef0123456789abcdef" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["forSeconds", "hostId", "kind", "name"], errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Contains("HostOffline, ServerDown", errors.GetProperty("kind")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(before, (await Admin.GetFromJsonAsync<AlertRulePage>("/api/v1/alert-rules", Json))!.Rules.Count);
    }

    [Fact]
    public async Task Unknown_kind_and_status_get_a_clear_400()
    {
        var kind = await Admin.PostAsJsonAsync("/api/v1/alert-rules", new { name = "x", kind = "DiskFull" });
        var status = await Admin.GetAsync("/api/v1/alerts?status=Burning");

        Assert.Equal(HttpStatusCode.BadRequest, kind.StatusCode);
        Assert.Contains("HostOffline, ServerDown", (await kind.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("kind")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, status.StatusCode);
        Assert.Contains("Pending, Firing, Resolved", (await status.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("status")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rule_waits_a_minute_unless_told_and_a_host_whose_agent_never_connected_raises_no_alert()
    {
        await CreateHostAsync();
        var response = await Admin.PostAsJsonAsync("/api/v1/alert-rules", new { name = "Any host down", kind = "HostOffline" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(60, (await response.Content.ReadFromJsonAsync<AlertRuleResponse>(Json))!.ForSeconds);

        var all = (await Admin.GetFromJsonAsync<AlertPage>("/api/v1/alerts", Json))!;
        Assert.Empty(all.Alerts);
        Assert.Null(all.NextCursor);
        Assert.Empty((await Admin.GetFromJsonAsync<AlertPage>("/api/v1/alerts?status=Firing", Json))!.Alerts);
    }

    private async Task<CreatedHost> CreateHostAsync()
    {
        var response = await Admin.PostAsJsonAsync("/api/v1/hosts", new { name = "Box one" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<CreatedHost>(Json))!;
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GameOps.Grains.Identity;
using GameOps.Silo.Hosts;

namespace GameOps.Silo.Tests.Identity;

public sealed class ApiKeyTests(IdentityFactory factory) : IClassFixture<IdentityFactory>
{
    [Fact]
    public async Task Created_key_works_in_its_org_is_shown_once_and_listed_without_secret()
    {
        var orgId = NewOrgId();
        var (keyId, key) = await OrgKeys.CreateAsync(factory, orgId, OrgRole.Admin);
        using var client = OrgKeys.ClientWith(factory, key);

        using var hosts = await client.GetAsync("/api/v1/hosts");
        using var list = await client.GetAsync($"/api/v1/orgs/{orgId}/api-keys");
        var body = await list.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, hosts.StatusCode);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Contains(keyId, body, StringComparison.Ordinal);
        Assert.DoesNotContain(key, body, StringComparison.Ordinal);
        Assert.DoesNotContain(key[4..], body, StringComparison.Ordinal);
        var listed = JsonDocument.Parse(body).RootElement.GetProperty("apiKeys").EnumerateArray().Single(k => k.GetProperty("id").GetString() == keyId);
        Assert.NotEqual(JsonValueKind.Null, listed.GetProperty("lastUsedAt").ValueKind);
    }

    [Fact]
    public async Task Revoked_key_is_refused_from_the_next_request()
    {
        var orgId = NewOrgId();
        var (keyId, key) = await OrgKeys.CreateAsync(factory, orgId, OrgRole.Viewer);
        using var client = OrgKeys.ClientWith(factory, key);
        using var before = await client.GetAsync("/api/v1/hosts");
        using var admin = factory.CreateAdminClient();

        using var revoke = await admin.DeleteAsync($"/api/v1/orgs/{orgId}/api-keys/{keyId}");
        using var after = await client.GetAsync("/api/v1/hosts");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task Key_stops_working_when_it_expires()
    {
        var orgId = NewOrgId();
        var (_, key) = await OrgKeys.CreateAsync(factory, orgId, OrgRole.Viewer, expiresInDays: 1);
        using var client = OrgKeys.ClientWith(factory, key);
        using var before = await client.GetAsync("/api/v1/hosts");

        factory.Clock.Advance(TimeSpan.FromDays(1));
        using var after = await client.GetAsync("/api/v1/hosts");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task Key_of_one_org_sees_nothing_of_another_orgs_hosts()
    {
        using var admin = factory.CreateAdminClient();
        using var created = await admin.PostAsJsonAsync("/api/v1/hosts", new { name = "Default org's host" });
        var hostId = (await created.Content.ReadFromJsonAsync<CreatedHost>(GameOpsApi.Json))!.Host.Id;
        var (_, key) = await OrgKeys.CreateAsync(factory, NewOrgId(), OrgRole.Owner);
        using var other = OrgKeys.ClientWith(factory, key);

        using var host = await other.GetAsync($"/api/v1/hosts/{hostId}");
        using var job = await other.PostAsJsonAsync($"/api/v1/hosts/{hostId}/jobs", new { serverId = "main", action = "players.list" });
        var hosts = (await other.GetFromJsonAsync<JsonElement>("/api/v1/hosts")).GetProperty("hosts").EnumerateArray();

        Assert.Equal(HttpStatusCode.NotFound, host.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, job.StatusCode);
        Assert.Empty(hosts);
    }

    [Fact]
    public async Task Admin_cannot_make_an_owner_key()
    {
        var orgId = NewOrgId();
        var (_, key) = await OrgKeys.CreateAsync(factory, orgId, OrgRole.Admin);
        using var client = OrgKeys.ClientWith(factory, key);

        using var owner = await client.PostAsJsonAsync($"/api/v1/orgs/{orgId}/api-keys", new { name = "escalate", role = "Owner" });
        using var viewer = await client.PostAsJsonAsync($"/api/v1/orgs/{orgId}/api-keys", new { name = "read only", role = "Viewer" });

        Assert.Equal(HttpStatusCode.Forbidden, owner.StatusCode);
        Assert.Equal(HttpStatusCode.Created, viewer.StatusCode);
    }

    [Fact]
    public async Task Viewer_key_cannot_restart_a_server_though_it_reads_jobs()
    {
        var orgId = NewOrgId();
        var (_, key) = await OrgKeys.CreateAsync(factory, orgId, OrgRole.Operator);
        var (_, viewerKey) = await OrgKeys.CreateAsync(factory, orgId, OrgRole.Viewer);
        using var admin = factory.CreateAdminClient();
        admin.DefaultRequestHeaders.Add(GameOps.Silo.Security.Authorization.OrgAccess.OrgHeader, orgId);
        using var created = await admin.PostAsJsonAsync("/api/v1/hosts", new { name = "Box" });
        var hostId = (await created.Content.ReadFromJsonAsync<CreatedHost>(GameOpsApi.Json))!.Host.Id;
        using var operatorClient = OrgKeys.ClientWith(factory, key);
        using var viewer = OrgKeys.ClientWith(factory, viewerKey);

        using var restart = await operatorClient.PostAsJsonAsync($"/api/v1/hosts/{hostId}/jobs", new { serverId = "main", action = "server.restart" });
        using var viewerRestart = await viewer.PostAsJsonAsync($"/api/v1/hosts/{hostId}/jobs", new { serverId = "main", action = "server.restart" });

        Assert.Equal(HttpStatusCode.Created, restart.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, viewerRestart.StatusCode);
    }

    [Fact]
    public async Task Key_changes_are_audited_with_the_real_actor()
    {
        var orgId = NewOrgId();
        var (adminKeyId, adminKey) = await OrgKeys.CreateAsync(factory, orgId, OrgRole.Admin);
        using var client = OrgKeys.ClientWith(factory, adminKey);
        using var created = await client.PostAsJsonAsync($"/api/v1/orgs/{orgId}/api-keys", new { name = "ci", role = "Operator" });
        var keyId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("apiKey").GetProperty("id").GetString();
        using var revoked = await client.DeleteAsync($"/api/v1/orgs/{orgId}/api-keys/{keyId}");

        var audit = await client.GetFromJsonAsync<JsonElement>("/api/v1/audit");

        var entries = audit.GetProperty("entries").EnumerateArray()
            .Where(e => e.GetProperty("target").GetString() == $"api-key/{keyId}")
            .Select(e => (Action: e.GetProperty("action").GetString(), Actor: e.GetProperty("actor").GetProperty("id").GetString()))
            .ToList();
        Assert.Equal([("api-key.revoke", $"api-key:{adminKeyId}"), ("api-key.create", $"api-key:{adminKeyId}")], entries);
    }

    private static string NewOrgId() => "org-" + Guid.NewGuid().ToString("N")[..12];
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GameOps.Grains.Audit;
using GameOps.Grains.Identity;
using GameOps.Silo.Hosts;
using GameOps.Silo.Security.Authorization;
using GameOps.Silo.Tests.Identity;

namespace GameOps.Silo.Tests.Api;

/// <summary>GET /api/v1/audit.csv: the audit listing's search as CSV, with the listing's permission and field errors.</summary>
public sealed class AuditCsvExportTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task The_export_holds_a_header_and_one_row_per_entry_the_search_selects()
    {
        using var admin = factory.CreateAdminClient();
        using var created = await admin.PostAsJsonAsync("/api/v1/hosts", new { name = "Exported, \"quoted\" box" });
        var hostId = (await created.Content.ReadFromJsonAsync<CreatedHost>(GameOpsApi.Json))!.Host.Id;

        using var response = await admin.GetAsync($"/api/v1/audit.csv?target=host/{hostId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("audit.csv", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n");
        Assert.Equal(["at,actorKind,actor,address,via,target,action,summary,changes", Assert.Single(lines[1..^1]), ""], lines);
        Assert.Contains($",api,host/{hostId},{AuditActions.HostRegister},", lines[1], StringComparison.Ordinal);
        Assert.EndsWith("\"{\"\"name\"\":\"\"Exported, \\\"\"quoted\\\"\" box\"\"}\"", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_export_larger_than_one_write_buffer_arrives_whole()
    {
        var orgId = "org-" + Guid.NewGuid().ToString("N")[..12];
        var (_, adminKey) = await OrgKeys.CreateAsync(factory, orgId, OrgRole.Admin);
        using var orgAdmin = OrgKeys.ClientWith(factory, adminKey);
        for (var i = 0; i < 40; i++)
        {
            using var created = await orgAdmin.PostAsJsonAsync("/api/v1/hosts", new { name = $"Box {i} {new string('x', 60)}" });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var csv = await orgAdmin.GetStringAsync("/api/v1/audit.csv");

        Assert.Equal(40, csv.Split("\r\n").Count(row => row.Contains($",{AuditActions.HostRegister},", StringComparison.Ordinal)));
        Assert.EndsWith("\r\n", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_export_needs_audit_read_in_the_org_as_the_listing_does()
    {
        var orgId = "org-" + Guid.NewGuid().ToString("N")[..12];
        var (_, viewerKey) = await OrgKeys.CreateAsync(factory, orgId, OrgRole.Viewer);
        var (_, adminKey) = await OrgKeys.CreateAsync(factory, orgId, OrgRole.Admin);
        using var viewer = OrgKeys.ClientWith(factory, viewerKey);
        using var orgAdmin = OrgKeys.ClientWith(factory, adminKey);

        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync("/api/v1/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync("/api/v1/audit.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync($"/api/v1/orgs/{orgId}/audit.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await orgAdmin.GetAsync($"/api/v1/orgs/{orgId}/audit.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await orgAdmin.GetAsync("/api/v1/orgs/default/audit.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient().GetAsync("/api/v1/audit.csv")).StatusCode);
    }

    [Fact]
    public async Task A_bad_search_is_refused_with_its_field_and_no_file()
    {
        using var admin = factory.CreateAdminClient();

        using var response = await admin.GetAsync("/api/v1/audit.csv?from=yesterday&actor=ok");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["from"], errors.EnumerateObject().Select(e => e.Name));
    }
}

using System.Net;
using System.Net.Http.Json;
using GameOps.Grains;
using GameOps.Grains.Agents;
using GameOps.Grains.Hosts;
using GameOps.Grains.Identity;
using GameOps.Silo.Hosts;
using GameOps.Silo.Tests.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace GameOps.Silo.Tests.Api;

/// <summary><c>GET /hosts/{hostId}/metrics</c>: the host's last hour of load, for its own org only.</summary>
public sealed class HostMetricsApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private IGrainFactory Grains => factory.Services.GetRequiredService<IGrainFactory>();

    [Fact]
    public async Task Heartbeats_answer_as_points_of_the_last_hour_with_each_figures_peak_in_percent()
    {
        using var admin = factory.CreateAdminClient();
        var hostId = await CreateHostAsync(admin);
        var connection = await ConnectAsync(hostId);
        await Grains.GetHostGrain(hostId).HeartbeatAsync(connection, new HostMetrics(80.4, 1UL << 30, 4UL << 30, 75, 100));
        await Grains.GetHostGrain(hostId).HeartbeatAsync(connection, new HostMetrics(20, 1UL << 30, 4UL << 30, 75, 100));

        var history = (await admin.GetFromJsonAsync<HostMetricsHistory>($"/api/v1/hosts/{hostId}/metrics", GameOpsApi.Json))!;

        Assert.Equal(hostId, history.HostId);
        Assert.InRange(history.Points.Count, 1, 2);
        Assert.Equal(80, history.Points.Max(p => p.CpuPercent));
        Assert.Equal((25, 75), (history.Points[^1].MemoryPercent, history.Points[^1].DiskPercent));
        Assert.InRange(history.Points[^1].Minute, DateTimeOffset.UtcNow.AddMinutes(-2), DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task A_host_whose_agent_never_heartbeat_has_no_points()
    {
        using var admin = factory.CreateAdminClient();
        var hostId = await CreateHostAsync(admin);

        var history = (await admin.GetFromJsonAsync<HostMetricsHistory>($"/api/v1/hosts/{hostId}/metrics", GameOpsApi.Json))!;

        Assert.Empty(history.Points);
    }

    [Fact]
    public async Task Another_orgs_host_is_refused_as_an_unknown_one_is_and_a_viewer_of_its_own_org_reads_it()
    {
        using var admin = factory.CreateAdminClient();
        var hostId = await CreateHostAsync(admin);
        using var otherOrg = OrgKeys.ClientWith(factory, (await OrgKeys.CreateAsync(factory, "org-b", OrgRole.Owner)).Key);
        using var viewer = OrgKeys.ClientWith(factory, (await OrgKeys.CreateAsync(factory, "default", OrgRole.Viewer)).Key);

        using var fromOtherOrg = await otherOrg.GetAsync($"/api/v1/hosts/{hostId}/metrics");
        using var unknown = await admin.GetAsync($"/api/v1/hosts/{HostRules.NewHostId()}/metrics");
        using var malformed = await admin.GetAsync("/api/v1/hosts/not-a-host/metrics");
        using var fromViewer = await viewer.GetAsync($"/api/v1/hosts/{hostId}/metrics");

        Assert.Equal(HttpStatusCode.NotFound, fromOtherOrg.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, malformed.StatusCode);
        Assert.Equal("application/problem+json", fromOtherOrg.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, fromViewer.StatusCode);
    }

    private static async Task<string> CreateHostAsync(HttpClient admin)
    {
        using var response = await admin.PostAsJsonAsync("/api/v1/hosts", new { name = "Box one" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<CreatedHost>(GameOpsApi.Json))!.Host.Id;
    }

    /// <summary>Connects the host as the gateway would for an agent whose stream goes nowhere; the stream's id.</summary>
    private async Task<Guid> ConnectAsync(string hostId)
    {
        var connection = Guid.NewGuid();
        await Grains.GetHostGrain(hostId).ConnectAsync(connection, "ipv4:192.0.2.10:40000", Grains.CreateObjectReference<IAgentObserver>(new SilentAgent()), new AgentHello("1.4.2", []));
        return connection;
    }
}

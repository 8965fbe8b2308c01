using System.Security.Claims;
using GameOps.Grains;
using GameOps.Grains.GameServers;
using GameOps.Grains.Hosts;
using GameOps.Grains.Orgs;
using GameOps.Silo.Api;
using GameOps.Silo.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using GameOps.Silo.Security.Authorization;

namespace GameOps.Silo.Hosts;

public static class HostEndpoints
{
    public static RouteGroupBuilder MapHostEndpoints(this RouteGroupBuilder api)
    {
        var hosts = api.MapGroup("/hosts").WithTags("Hosts");
        hosts.MapPost("/", CreateHostAsync).RequirePermission(Permission.HostsManage)
            .WithSummary("Adds a host: its one-time enrolment token and the install command that installs and enrols its agent with it.");
        hosts.MapGet("/", ListHostsAsync).RequirePermission(Permission.HostsRead).WithSummary("The org's hosts with their status, last heartbeat and game servers' health, in the order they were created.");
        hosts.MapGet("/{hostId}", GetHostAsync).RequirePermission(Permission.HostsRead).WithSummary("The host with its metrics, queued jobs, conflict and game servers.");
        hosts.MapGet("/{hostId}/metrics", GetMetricsAsync).RequirePermission(Permission.HostsRead)
            .WithSummary("The host's load over the last hour: a point a minute with the highest CPU, memory and disk use in percent its heartbeats reported.");
        hosts.MapGet("/{hostId}/servers", ListServersAsync).RequirePermission(Permission.HostsRead).WithSummary("The game servers the host's agent declared, with their health and effective policy.");
        hosts.MapPost("/{hostId}/enrolment", CreateEnrolmentAsync).RequirePermission(Permission.HostsManage)
            .WithSummary("A new one-time enrolment token for the host (re-enrol): the agent that uses it takes the host, the old credential stops working.");
        hosts.MapPost("/{hostId}/credential/revoke", RevokeCredentialAsync).RequirePermission(Permission.HostsManage)
            .WithSummary("Revokes the host's credential: its agent's stream ends at once and no stream opens until an agent enrols again.");
        return api;
    }

    private static async Task<Results<Created<CreatedHost>, ValidationProblem>> CreateHostAsync(
        CreateHostRequest? request, ClaimsPrincipal user, HttpContext http, IGrainFactory grains, AgentInstallCommand install)
    {
        var name = request?.Name;
        if (HostRules.ValidateName(name) is { } problem)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["name"] = [problem] });
        }

        var created = await RegisterAsync(user.GetOrgId(), name!, user.ToActor(http.Connection.RemoteIpAddress), grains, install);
        return TypedResults.Created($"/api/v1/hosts/{created.Host.Id}", created);
    }

    /// <summary>Registers a host with a valid name and makes its enrolment token, for this API and the web console.</summary>
    internal static async Task<CreatedHost> RegisterAsync(string orgId, string name, Actor actor, IGrainFactory grains, AgentInstallCommand install)
    {
        var hostId = HostRules.NewHostId();
        var token = EnrolmentTokens.New(hostId);
        var host = await grains.GetHostGrain(hostId).RegisterAsync(new RegisterHost(orgId, name.Trim(), actor, Secrets.Hash(token)));
        return new CreatedHost(host, new HostEnrolment(token, host.EnrolmentExpiresAt!.Value, install.For(token)));
    }

    private static async Task<Results<Ok<HostEnrolment>, ProblemHttpResult>> CreateEnrolmentAsync(
        string hostId, ClaimsPrincipal user, HttpContext http, IGrainFactory grains, AgentInstallCommand install)
    {
        if (await FindHostAsync(hostId, user, grains) is null)
        {
            return ApiExtensions.NotFound($"Host '{hostId}' does not exist.");
        }

        var token = EnrolmentTokens.New(hostId);
        var host = await grains.GetHostGrain(hostId).CreateEnrolmentAsync(user.GetOrgId(), Secrets.Hash(token), user.ToActor(http.Connection.RemoteIpAddress));
        return TypedResults.Ok(new HostEnrolment(token, host.EnrolmentExpiresAt!.Value, install.For(token)));
    }

    private static async Task<Results<Ok<HostView>, ProblemHttpResult>> RevokeCredentialAsync(
        string hostId, ClaimsPrincipal user, HttpContext http, IGrainFactory grains) =>
        await FindHostAsync(hostId, user, grains) is null
            ? ApiExtensions.NotFound($"Host '{hostId}' does not exist.")
            : TypedResults.Ok(await grains.GetHostGrain(hostId).RevokeCredentialAsync(user.GetOrgId(), user.ToActor(http.Connection.RemoteIpAddress)));

    // From the org's summary: one grain call however many hosts the org has, none of which is woken for it.
    // In the order they were added, which a host never leaves: the page after a host always starts where it did.
    private static Task<Results<Ok<HostPage>, ValidationProblem>> ListHostsAsync(string? limit, string? cursor, ClaimsPrincipal user, IGrainFactory grains) =>
        ListPage.AnswerAsync(limit, cursor, async () => (IEnumerable<HostSummary>)await grains.GetGrain<IOrgSummaryGrain>(user.GetOrgId()).ListHostsAsync(),
            h => h.Id, at: null, (hosts, next) => new HostPage(hosts, next));

    private static async Task<Results<Ok<HostView>, ProblemHttpResult>> GetHostAsync(string hostId, ClaimsPrincipal user, IGrainFactory grains) =>
        await FindHostAsync(hostId, user, grains) is { } host ? TypedResults.Ok(host) : ApiExtensions.NotFound($"Host '{hostId}' does not exist.");

    private static async Task<Results<Ok<HostMetricsHistory>, ProblemHttpResult>> GetMetricsAsync(string hostId, ClaimsPrincipal user, IGrainFactory grains) =>
        await FindLoadAsync(hostId, user.GetOrgId(), grains) is { } load
            ? TypedResults.Ok(new HostMetricsHistory(hostId, load.LastHour))
            : ApiExtensions.NotFound($"Host '{hostId}' does not exist.");

    private static async Task<Results<Ok<GameServerView[]>, ProblemHttpResult>> ListServersAsync(string hostId, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (await FindHostAsync(hostId, user, grains) is not { } host)
        {
            return ApiExtensions.NotFound($"Host '{hostId}' does not exist.");
        }

        var servers = await Task.WhenAll(host.Servers.Select(s => grains.GetGrain<IGameServerGrain>(GameServerKeys.For(hostId, s.Id)).GetAsync()));
        return TypedResults.Ok(servers.OfType<GameServerView>().ToArray());
    }

    /// <summary>The caller's host with this id; null when it does not exist or belongs to another org, which look the same from outside.</summary>
    internal static Task<HostView?> FindHostAsync(string hostId, ClaimsPrincipal user, IGrainFactory grains) =>
        FindHostAsync(hostId, user.GetOrgId(), grains);

    /// <summary>The host when it exists in <paramref name="orgId"/>; null otherwise, so another org's host is as good as absent.</summary>
    internal static Task<HostView?> FindHostAsync(string hostId, string orgId, IGrainFactory grains) =>
        ReadInOrgAsync(hostId, orgId, grains, host => host.GetAsync(), view => view.OrgId);

    /// <summary>The host's agent and load when the host exists in <paramref name="orgId"/>; null otherwise, as for <see cref="FindHostAsync(string, string, IGrainFactory)"/>.</summary>
    internal static Task<HostLoad?> FindLoadAsync(string hostId, string orgId, IGrainFactory grains) =>
        ReadInOrgAsync(hostId, orgId, grains, host => host.GetLoadAsync(), load => load.OrgId);

    private static async Task<T?> ReadInOrgAsync<T>(string hostId, string orgId, IGrainFactory grains, Func<IHostGrain, Task<T?>> read, Func<T, string> orgOf)
        where T : class
    {
        if (!HostRules.IsValidHostId(hostId))
        {
            return null;
        }

        var answer = await read(grains.GetHostGrain(hostId));
        return answer is not null && orgOf(answer) == orgId ? answer : null;
    }
}

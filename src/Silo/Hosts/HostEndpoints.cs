using System.Security.Claims;
using GameOps.Grains;
using GameOps.Grains.GameServers;
using GameOps.Grains.Hosts;
using GameOps.Grains.Orgs;
using GameOps.Silo.Api;
using GameOps.Silo.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GameOps.Silo.Hosts;

public static class HostEndpoints
{
    public static RouteGroupBuilder MapHostEndpoints(this RouteGroupBuilder api)
    {
        var hosts = api.MapGroup("/hosts").WithTags("Hosts");
        hosts.MapPost("/", CreateHostAsync);
        hosts.MapGet("/", ListHostsAsync).WithSummary("The org's hosts with their status, last heartbeat and game servers' health, in the order they were created.");
        hosts.MapGet("/{hostId}", GetHostAsync);
        hosts.MapGet("/{hostId}/servers", ListServersAsync);
        return api;
    }

    private static async Task<Results<Created<CreatedHost>, ValidationProblem>> CreateHostAsync(
        CreateHostRequest? request, ClaimsPrincipal user, HttpContext http, IGrainFactory grains)
    {
        var name = request?.Name;
        if (HostRules.ValidateName(name) is { } problem)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["name"] = [problem] });
        }

        var hostId = HostRules.NewHostId();
        var credential = Secrets.NewToken(TokenPrefixes.HostCredential);
        var host = await grains.GetHostGrain(hostId).RegisterAsync(new RegisterHost(
            user.GetOrgId(), name!.Trim(), Secrets.Hash(credential), user.ToActor(http.Connection.RemoteIpAddress)));
        return TypedResults.Created($"/api/v1/hosts/{hostId}", new CreatedHost(host, credential));
    }

    // From the org's summary: one grain call however many hosts the org has, none of which is woken for it.
    private static async Task<Ok<HostSummary[]>> ListHostsAsync(ClaimsPrincipal user, IGrainFactory grains) =>
        TypedResults.Ok((await grains.GetGrain<IOrgSummaryGrain>(user.GetOrgId()).ListHostsAsync()).ToArray());

    private static async Task<Results<Ok<HostView>, ProblemHttpResult>> GetHostAsync(string hostId, ClaimsPrincipal user, IGrainFactory grains) =>
        await FindHostAsync(hostId, user, grains) is { } host ? TypedResults.Ok(host) : ApiExtensions.NotFound($"Host '{hostId}' does not exist.");

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
    internal static async Task<HostView?> FindHostAsync(string hostId, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!HostRules.IsValidHostId(hostId))
        {
            return null;
        }

        var host = await grains.GetHostGrain(hostId).GetAsync();
        return host is not null && host.OrgId == user.GetOrgId() ? host : null;
    }
}

using System.Security.Claims;
using GameOps.Grains.GameServers;
using GameOps.Grains.Players;
using GameOps.Silo.Api;
using GameOps.Silo.Hosts;
using GameOps.Silo.Security;
using GameOps.Silo.Security.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GameOps.Silo.Players;

public static class PlayerEndpoints
{
    public static RouteGroupBuilder MapPlayerEndpoints(this RouteGroupBuilder api)
    {
        var server = api.MapGroup("/hosts/{hostId}/servers/{serverId}").WithTags("Players");
        // Who is online and what they did come from the server's console: reading them is reading the console.
        server.MapGet("/players", ListOnlineAsync).RequirePermission(Permission.ConsoleRead)
            .WithSummary("The players online on the game server now, each with the start of their session, longest online first.");
        server.MapGet("/sessions", ListSessionsAsync).RequirePermission(Permission.ConsoleRead)
            .WithSummary("The game server's player sessions (join to leave, with their duration), newest start first, a page at a time.");
        return api;
    }

    private static async Task<Results<Ok<OnlinePlayers>, ProblemHttpResult>> ListOnlineAsync(
        string hostId, string serverId, ClaimsPrincipal user, IGrainFactory grains)
    {
        return await OnlineAsync(hostId, serverId, user.GetOrgId(), grains) is { } online
            ? TypedResults.Ok(online)
            : ServerNotFound(hostId, serverId);
    }

    /// <summary>Who is online on a server of the org's host, for this API and the web console; null when the org has no such server.</summary>
    internal static async Task<OnlinePlayers?> OnlineAsync(string hostId, string serverId, string orgId, IGrainFactory grains)
    {
        if (!await ServerExistsAsync(hostId, serverId, orgId, grains))
        {
            return null;
        }

        var online = await grains.GetGrain<IServerPlayersGrain>(GameServerKeys.For(hostId, serverId)).GetOnlineAsync();
        return new OnlinePlayers([.. online.Select(p => new OnlinePlayerView(p.Name, p.PlayerId, p.Since, p.SessionId, p.Reconciled))]);
    }

    private static async Task<Results<Ok<PlayerSessionPageView>, ValidationProblem, ProblemHttpResult>> ListSessionsAsync(
        string hostId,
        string serverId,
        [AsParameters] PlayerSessionFilter filter,
        ClaimsPrincipal user,
        IGrainFactory grains,
        IPlayerSessionLog sessions,
        CancellationToken cancellationToken)
    {
        if (filter.ToQuery(user.GetOrgId(), hostId, serverId, out var errors) is not { } query)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (!await ServerExistsAsync(hostId, serverId, user.GetOrgId(), grains))
        {
            return ServerNotFound(hostId, serverId);
        }

        var page = await sessions.ListAsync(query, cancellationToken);
        return TypedResults.Ok(new PlayerSessionPageView(
            [.. page.Sessions.Select(s => new PlayerSessionView(
                s.SessionId, s.PlayerName, s.PlayerId, s.StartedAt, s.EndedAt, s.Duration?.TotalSeconds, s.StartReconciled, s.EndReconciled))],
            page.Next?.Encode()));
    }

    // The server must be one the caller's host declared, as for its console.
    private static async Task<bool> ServerExistsAsync(string hostId, string serverId, string orgId, IGrainFactory grains) =>
        await HostEndpoints.FindHostAsync(hostId, orgId, grains) is { } host && host.Servers.Any(s => s.Id == serverId);

    private static ProblemHttpResult ServerNotFound(string hostId, string serverId) =>
        ApiExtensions.NotFound($"Server '{serverId}' of host '{hostId}' does not exist.");
}

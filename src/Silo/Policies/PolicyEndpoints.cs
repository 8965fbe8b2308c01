using System.Collections.Immutable;
using System.Security.Claims;
using GameOps.AgentProtocol.Policy;
using GameOps.Grains;
using GameOps.Grains.GameServers;
using GameOps.Grains.Hosts;
using GameOps.Grains.Jobs;
using GameOps.Silo.Api;
using GameOps.Silo.Hosts;
using GameOps.Silo.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using GameOps.AgentProtocol;
using GameOps.Silo.Security.Authorization;

namespace GameOps.Silo.Policies;

public static class PolicyEndpoints
{
    public const int MaxArgumentNameLength = 64;
    public const int MaxArgumentLength = 64 * 1024;

    public static RouteGroupBuilder MapPolicyEndpoints(this RouteGroupBuilder api)
    {
        var policies = api.MapGroup("/hosts/{hostId}/servers/{serverId}/policy").WithTags("Hosts");
        policies.MapGet("/", GetPolicyAsync).RequirePermission(Permission.PolicyRead).WithSummary("The server's narrowing set here and the effective policy its agent last reported.");
        policies.MapPut("/", SetPolicyAsync).RequirePermission(Permission.PolicyWrite).WithSummary("Narrows the server's safety policy; the agent applies it without a restart, never wider than its own.");
        return api;
    }

    private static async Task<Results<Ok<ServerPolicyResponse>, ProblemHttpResult>> GetPolicyAsync(
        string hostId, string serverId, ClaimsPrincipal user, IGrainFactory grains) =>
        await FindServerAsync(hostId, serverId, user, grains) is { } server
            ? TypedResults.Ok(ToResponse(server))
            : ApiExtensions.NotFound($"Server '{serverId}' of host '{hostId}' does not exist.");

    private static async Task<Results<Ok<ServerPolicyResponse>, ValidationProblem, ProblemHttpResult>> SetPolicyAsync(
        string hostId, string serverId, ServerPolicyRequest? request, ClaimsPrincipal user, HttpContext http, IGrainFactory grains)
    {
        var errors = new Dictionary<string, string[]>();
        var spec = request is null ? null : Validate(request, errors);
        if (request is null)
        {
            errors["policy"] = ["Send the narrowing as a JSON object; {} narrows nothing."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (await FindServerAsync(hostId, serverId, user, grains) is null)
        {
            return ApiExtensions.NotFound($"Server '{serverId}' of host '{hostId}' does not exist.");
        }

        var view = await grains.GetGrain<IGameServerGrain>(GameServerKeys.For(hostId, serverId)).SetPolicyAsync(spec, user.ToActor(http.Connection.RemoteIpAddress));
        return TypedResults.Ok(ToResponse(view));
    }

    /// <summary>
    /// The policy the server's agent last reported, narrowed as the org asked, from its view; null when there is none to
    /// check against (none reported, or another org's server).
    /// </summary>
    internal static ServerPolicy? EffectivePolicyOf(GameServerView? server, string orgId) =>
        server is { EffectivePolicy: { } effective } && server.OrgId == orgId ? PolicyMapping.ToPolicy(effective) : null;

    private static async Task<GameServerView?> FindServerAsync(string hostId, string serverId, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (await HostEndpoints.FindHostAsync(hostId, user, grains) is not { } host || !host.Servers.Any(s => s.Id == serverId))
        {
            return null;
        }

        return await grains.GetGrain<IGameServerGrain>(GameServerKeys.For(hostId, serverId)).GetAsync();
    }

    private static ServerPolicySpec Validate(ServerPolicyRequest request, Dictionary<string, string[]> errors)
    {
        foreach (var action in request.AllowedActions ?? [])
        {
            if (!GameActions.All.Contains(action))
            {
                errors["allowedActions"] = [$"Each allowed action must be one of: {string.Join(", ", GameActions.All.Order(StringComparer.Ordinal))}."];
            }
        }

        var limits = new List<ArgumentLimitSpec>();
        foreach (var (action, arguments) in request.Arguments ?? [])
        {
            if (!GameActions.All.Contains(action))
            {
                errors[$"arguments.{action}"] = [$"'{action}' is not an action; the actions are: {string.Join(", ", GameActions.All.Order(StringComparer.Ordinal))}."];
                continue;
            }

            foreach (var (argument, limit) in arguments ?? [])
            {
                var field = $"arguments.{action}.{argument}";
                if (argument.Length is 0 or > MaxArgumentNameLength || TextRules.HasControlCharacters(argument))
                {
                    errors[field] = [$"An argument name is 1 to {MaxArgumentNameLength} characters without control characters."];
                }
                else if (limit is null || (limit.MaxLength is null && limit.Pattern is null && limit.Patterns is null))
                {
                    errors[field] = ["Set maxLength, pattern or both."];
                }
                else if (limit.MaxLength is < 0 or > MaxArgumentLength)
                {
                    errors[$"{field}.maxLength"] = [$"maxLength is from 0 to {MaxArgumentLength}."];
                }
                else if (PatternProblem([.. limit.Patterns ?? [], .. limit.Pattern is null ? Array.Empty<string>() : [limit.Pattern]], ignoreCase: false) is { } problem)
                {
                    errors[$"{field}.pattern"] = [problem];
                }
                else
                {
                    limits.Add(new ArgumentLimitSpec(action, argument, limit.MaxLength, [.. limit.Patterns ?? [], .. limit.Pattern is null ? Array.Empty<string>() : [limit.Pattern]]));
                }
            }
        }

        if (PatternProblem(request.ConsoleDenyPatterns ?? [], ignoreCase: true) is { } denyProblem)
        {
            errors["consoleDenyPatterns"] = [denyProblem];
        }

        var rateLimits = new List<RateLimitSpec>();
        foreach (var (action, limit) in request.RateLimits ?? [])
        {
            var field = $"rateLimits.{action}";
            if (!GameActions.All.Contains(action))
            {
                errors[field] = [$"'{action}' is not an action; the actions are: {string.Join(", ", GameActions.All.Order(StringComparer.Ordinal))}."];
            }
            else if (limit?.Burst is not { } burst || burst is < 1 or > RateLimit.MaxBurst)
            {
                errors[$"{field}.burst"] = [$"burst is a whole number from 1 to {RateLimit.MaxBurst}: how many may run at once."];
            }
            else if (limit.PerMinute is not { } perMinute || !(perMinute > 0) || perMinute > RateLimit.MaxPerMinute)
            {
                errors[$"{field}.perMinute"] = [$"perMinute is a number above 0 and at most {RateLimit.MaxPerMinute}: how many a minute refill the burst."];
            }
            else
            {
                rateLimits.Add(new RateLimitSpec(action, burst, perMinute));
            }
        }

        return new ServerPolicySpec(
            request.AllowedActions is not null,
            [.. (request.AllowedActions ?? []).Distinct(StringComparer.Ordinal)],
            request.ReadOnly ?? false,
            [.. limits],
            [.. (request.ConsoleDenyPatterns ?? []).Distinct(StringComparer.Ordinal)],
            [.. rateLimits]);
    }

    private static string? PatternProblem(IEnumerable<string> sources, bool ignoreCase)
    {
        foreach (var source in sources)
        {
            if (TextRules.HasControlCharacters(source))
            {
                return "A pattern cannot contain control characters; write them as regular expression escapes (\\n, \\x07).";
            }

            if (!PolicyPattern.TryCreate(source, ignoreCase, out _, out var error))
            {
                return $"The pattern '{source}' {error}.";
            }
        }

        return null;
    }

    private static ServerPolicyResponse ToResponse(GameServerView server) =>
        new(ToRequestShape(server.RequestedPolicy), ToRequestShape(server.EffectivePolicy), server.EffectivePolicyReportedAt);

    private static ServerPolicyRequest? ToRequestShape(ServerPolicySpec? spec) => spec is null ? null : new ServerPolicyRequest(
        spec.RestrictsActions ? [.. spec.AllowedActions] : null,
        spec.ReadOnly,
        spec.ArgumentLimits
            .GroupBy(limit => limit.Action, StringComparer.Ordinal)
            .ToDictionary(
                group => group.Key,
                group => group.ToDictionary(
                    limit => limit.Argument,
                    limit => new ArgumentLimitRequest(limit.MaxLength, limit.Patterns.Length == 1 ? limit.Patterns[0] : null, limit.Patterns.Length > 1 ? [.. limit.Patterns] : null),
                    StringComparer.Ordinal),
                StringComparer.Ordinal),
        [.. spec.ConsoleDenyPatterns],
        spec.RateLimits.ToDictionary(limit => limit.Action, limit => new RateLimitRequest(limit.Burst, limit.PerMinute), StringComparer.Ordinal));
}

using System.Collections.Immutable;
using System.Security.Claims;
using GameOps.Grains;
using GameOps.Grains.Identity;
using GameOps.Grains.Orgs;
using GameOps.Silo.Api;
using GameOps.Silo.Security;
using GameOps.Silo.Security.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GameOps.Silo.Orgs;

public static class OrgEndpoints
{
    /// <summary>The error for a missing or unknown role, shared by every body that gives one.</summary>
    internal static readonly string RoleChoices = $"The role must be one of: {string.Join(", ", Enum.GetNames<OrgRole>())}.";

    public const int MaxExpiresInDays = 3650;
    public const int MaxApiKeyNameLength = 100;
    public const int MaxServerGrants = 1000;

    public static RouteGroupBuilder MapOrgEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/orgs", CreateOrgAsync).RequireAccount(adminKeyAllowed: true).WithTags("Orgs")
            .WithSummary("Makes an org; the signed-in user (or the account the admin key names) becomes its Owner.").ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/me/orgs", ListMyOrgsAsync).RequireAccount(adminKeyAllowed: false).WithTags("Orgs")
            .WithSummary("The orgs the signed-in user belongs to, with their role in each.");
        var org = api.MapGroup("/orgs/{orgId}").WithTags("Orgs");
        org.MapGet("/", GetOrgAsync).RequirePermission(Permission.MembersRead).WithSummary("The org's name and when it was made.");
        org.MapGet("/members", ListMembersAsync).RequirePermission(Permission.MembersRead)
            .WithSummary("The org's members with their roles and per-server grants.");
        org.MapPut("/members/{userId}", SetMemberAsync).RequirePermission(Permission.MembersManage)
            .WithSummary("Adds a user to the org or changes their role and per-server grants; nobody gives more than their own role.");
        org.MapDelete("/members/{userId}", RemoveMemberAsync).RequirePermission(Permission.MembersManage).WithSummary("Removes a member from the org; the last Owner stays.");
        org.MapPost("/api-keys", CreateApiKeyAsync).RequirePermission(Permission.ApiKeysManage)
            .WithSummary("Makes an API key for the org with a role; the key is in this answer only.");
        org.MapGet("/api-keys", ListApiKeysAsync).RequirePermission(Permission.ApiKeysManage)
            .WithSummary("The org's API keys (never the keys themselves) with when each was last used.");
        org.MapDelete("/api-keys/{keyId}", RevokeApiKeyAsync).RequirePermission(Permission.ApiKeysManage)
            .WithSummary("Revokes an API key: refused from the next request on, on every silo.");
        return api;
    }

    private static async Task<Results<Created<OrgView>, ValidationProblem, ProblemHttpResult>> CreateOrgAsync(
        CreateOrgRequest? request, ClaimsPrincipal user, HttpContext http, IGrainFactory grains)
    {
        var errors = new Dictionary<string, string[]>();
        if (OrgRules.ValidateName(request?.Name) is { } nameProblem)
        {
            errors["name"] = [nameProblem];
        }

        var caller = user.GetUserId();
        var ownerId = request?.OwnerUserId ?? caller;
        if (ownerId is null)
        {
            errors["ownerUserId"] = ["The admin key is not an account: name the user who becomes the org's Owner."];
        }
        else if (!OrgRules.IsValidUserId(ownerId))
        {
            errors["ownerUserId"] = ["A user id is 1 to 64 lowercase letters, digits, '-' or '_'."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (ownerId != caller && !user.IsPlatformAdmin())
        {
            return ApiExtensions.Forbidden("Only the platform admin makes an org for someone else; leave ownerUserId out to own it yourself.");
        }

        if (await grains.GetGrain<IUserGrain>(ownerId!).GetAsync() is not { } owner)
        {
            return ApiExtensions.NotFound($"User '{ownerId}' does not exist.");
        }

        if (owner.OrgIds.Length >= OrgRules.MaxOrgsPerUser)
        {
            return TypedResults.Problem($"A user belongs to at most {OrgRules.MaxOrgsPerUser} orgs; leave one first.",
                statusCode: StatusCodes.Status409Conflict, title: "Conflict");
        }

        var orgId = OrgRules.NewOrgId();
        var org = grains.GetGrain<IOrgGrain>(orgId);
        await org.CreateAsync(request!.Name!.Trim(), owner.Id, user.ToActor(http.Connection.RemoteIpAddress));
        await grains.GetGrain<IUserGrain>(owner.Id).JoinOrgAsync(orgId);
        return TypedResults.Created($"/api/v1/orgs/{orgId}", (await org.GetAsync())!);
    }

    private static async Task<Ok<MyOrg[]>> ListMyOrgsAsync(ClaimsPrincipal user, IGrainFactory grains) =>
        TypedResults.Ok(await MyOrgsAsync(user.GetUserId()!, grains));

    /// <summary>The orgs a user belongs to with their role in each, oldest membership first.</summary>
    internal static async Task<MyOrg[]> MyOrgsAsync(string userId, IGrainFactory grains)
    {
        var orgIds = (await grains.GetGrain<IUserGrain>(userId).GetAsync())?.OrgIds ?? [];
        var orgs = await Task.WhenAll(orgIds.Select(async orgId =>
        {
            var org = grains.GetGrain<IOrgGrain>(orgId);
            return (await org.GetAsync(), await org.GetMemberAsync(userId)) is ({ } view, { } member)
                ? new MyOrg(view.Id, view.Name, member.Role, member.Since)
                : null;
        }));
        return orgs.OfType<MyOrg>().OrderBy(o => o.Since).ThenBy(o => o.Id, StringComparer.Ordinal).ToArray();
    }

    private static async Task<Results<Ok<OrgView>, ProblemHttpResult>> GetOrgAsync(string orgId, IGrainFactory grains) =>
        await grains.GetGrain<IOrgGrain>(orgId).GetAsync() is { } org
            ? TypedResults.Ok(org)
            : ApiExtensions.NotFound($"Org '{orgId}' has not been set up.");

    private static Task<Results<Ok<MemberPage>, ValidationProblem>> ListMembersAsync(string orgId, string? limit, string? cursor, IGrainFactory grains) =>
        ListPage.AnswerAsync(limit, cursor, page => OrgLists.MembersAsync(grains, orgId, page),
            (members, next) => new MemberPage([.. members.Select(MemberResponse.From)], next));

    private static async Task<Results<Ok<MemberResponse>, ValidationProblem, ProblemHttpResult>> SetMemberAsync(
        string orgId, string userId, SetMemberRequest? request, ClaimsPrincipal user, HttpContext http, IGrainFactory grains)
    {
        var errors = new Dictionary<string, string[]>();
        if (request?.Role is not { } role)
        {
            errors["role"] = [RoleChoices];
            role = default;
        }

        var servers = ReadServerGrants(request?.Servers, errors);
        if (!OrgRules.IsValidUserId(userId))
        {
            errors["userId"] = ["A user id is 1 to 64 lowercase letters, digits, '-' or '_'."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var caller = http.OrgCaller();
        if (OrgRules.RefuseGiving(caller.Role, role) is { } refusal)
        {
            return ApiExtensions.Forbidden(refusal);
        }

        return await SaveMemberAsync(grains, orgId, new SetMember(userId, role, servers, caller.Role, user.ToActor(http.Connection.RemoteIpAddress)), user.GetUserId()) is { } member
            ? TypedResults.Ok(MemberResponse.From(member))
            : ApiExtensions.NotFound($"User '{userId}' does not exist; invite them instead (POST /api/v1/orgs/{orgId}/invites).");
    }

    /// <summary>
    /// Adds the user to the org or changes their role and grants, once the caller's role was found to allow giving it
    /// (<see cref="OrgRules.RefuseGiving"/>); null when the user does not exist. Per-server grants the caller may not give
    /// (<see cref="ServerGrantRules"/>) and the org's own rules (the last Owner stays) throw <see cref="OrgRuleException"/>.
    /// </summary>
    /// <param name="callerUserId">The user making the change, whose own per-server grants bound theirs; null for a key or the platform admin.</param>
    internal static async Task<OrgMember?> SaveMemberAsync(IGrainFactory grains, string orgId, SetMember change, string? callerUserId)
    {
        if (await grains.GetGrain<IUserGrain>(change.UserId).GetAsync() is null)
        {
            return null;
        }

        var org = grains.GetGrain<IOrgGrain>(orgId);
        var before = await org.GetMemberAsync(change.UserId);
        var callerGrants = callerUserId is null ? null : (await org.GetMemberAsync(callerUserId))?.Servers;
        if (ServerGrantRules.Refuse(change, before, callerGrants ?? ImmutableDictionary<string, ServerPermissions>.Empty) is { } refusal)
        {
            throw new OrgRuleException(refusal);
        }

        var member = await org.SetMemberAsync(change);
        await grains.GetGrain<IUserGrain>(change.UserId).JoinOrgAsync(orgId);
        return member;
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveMemberAsync(
        string orgId, string userId, ClaimsPrincipal user, HttpContext http, IGrainFactory grains)
    {
        return await RemoveFromOrgAsync(grains, orgId, userId, http.OrgCaller().Role, user.ToActor(http.Connection.RemoteIpAddress))
            ? TypedResults.NoContent()
            : ApiExtensions.NotFound($"User '{userId}' is not a member of org '{orgId}'.");
    }

    /// <summary>Removes the user from the org; false when they are not a member. The org's own rules throw <see cref="OrgRuleException"/>.</summary>
    internal static async Task<bool> RemoveFromOrgAsync(IGrainFactory grains, string orgId, string userId, OrgRole? callerRole, Actor actor)
    {
        if (!OrgRules.IsValidUserId(userId) || !await grains.GetGrain<IOrgGrain>(orgId).RemoveMemberAsync(userId, callerRole, actor))
        {
            return false;
        }

        await grains.GetGrain<IUserGrain>(userId).LeaveOrgAsync(orgId);
        return true;
    }

    private static async Task<Results<Created<CreatedApiKey>, ValidationProblem, ProblemHttpResult>> CreateApiKeyAsync(
        string orgId, CreateApiKeyRequest? request, ClaimsPrincipal user, HttpContext http, IGrainFactory grains, IDomainClock clock)
    {
        var errors = CheckApiKey(request);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (OrgRules.RefuseGiving(http.OrgCaller().Role, request!.Role!.Value) is { } refusal)
        {
            return ApiExtensions.Forbidden(refusal);
        }

        var created = await IssueApiKeyAsync(grains, clock, orgId, request, user.ToActor(http.Connection.RemoteIpAddress));
        return TypedResults.Created($"/api/v1/orgs/{orgId}/api-keys/{created.ApiKey.Id}", created);
    }

    /// <summary>Every problem with a new key's request, keyed by its field as the API's 400 names it.</summary>
    internal static Dictionary<string, string[]> CheckApiKey(CreateApiKeyRequest? request)
    {
        var errors = new Dictionary<string, string[]>();
        if (TextRules.ValidateName(request?.Name, "key", MaxApiKeyNameLength) is { } nameProblem)
        {
            errors["name"] = [nameProblem];
        }

        if (request?.Role is null)
        {
            errors["role"] = [RoleChoices];
        }

        if (request?.ExpiresInDays is < 1 or > MaxExpiresInDays)
        {
            errors["expiresInDays"] = [$"expiresInDays is a whole number of days from 1 to {MaxExpiresInDays}; leave it out for a key that works until revoked."];
        }

        return errors;
    }

    /// <summary>Makes the key of a request <see cref="CheckApiKey"/> found valid; only its hash is kept, the key is in the answer only.</summary>
    internal static async Task<CreatedApiKey> IssueApiKeyAsync(IGrainFactory grains, IDomainClock clock, string orgId, CreateApiKeyRequest request, Actor actor)
    {
        var key = IdentifiedTokens.New(TokenPrefixes.ApiKey, out var keyId);
        var expiresAt = request.ExpiresInDays is { } days ? clock.UtcNow.AddDays(days) : (DateTimeOffset?)null;
        var view = await grains.GetGrain<IOrgGrain>(orgId).AddApiKeyAsync(
            new AddApiKey(keyId, request.Name!.Trim(), request.Role!.Value, expiresAt, Secrets.Hash(key), actor));
        return new CreatedApiKey(view, key);
    }

    private static Task<Results<Ok<ApiKeyPage>, ValidationProblem>> ListApiKeysAsync(string orgId, string? limit, string? cursor, IGrainFactory grains) =>
        ListPage.AnswerAsync(limit, cursor, page => OrgLists.ApiKeysAsync(grains, orgId, page), (keys, next) => new ApiKeyPage(keys, next));

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeApiKeyAsync(
        string orgId, string keyId, ClaimsPrincipal user, HttpContext http, IGrainFactory grains) =>
        await grains.GetGrain<IOrgGrain>(orgId).RevokeApiKeyAsync(keyId, user.ToActor(http.Connection.RemoteIpAddress))
            ? TypedResults.NoContent()
            : ApiExtensions.NotFound($"API key '{keyId}' does not exist in org '{orgId}'.");

    private static ImmutableDictionary<string, ServerPermissions> ReadServerGrants(Dictionary<string, string[]>? servers, Dictionary<string, string[]> errors)
    {
        var grants = ImmutableDictionary.CreateBuilder<string, ServerPermissions>(StringComparer.Ordinal);
        var keyErrors = CheckServerKeys(servers?.Keys ?? Enumerable.Empty<string>());
        foreach (var (field, problems) in keyErrors)
        {
            errors[field] = problems;
        }

        if (keyErrors.ContainsKey("servers"))
        {
            return grants.ToImmutable();
        }

        foreach (var (server, names) in servers ?? [])
        {
            var field = $"servers.{server}";
            if (keyErrors.ContainsKey(field))
            {
                continue;
            }

            var permissions = ServerPermissions.None;
            foreach (var name in names ?? [])
            {
                if (!RolePermissions.TryParseServerPermission(name, out var permission))
                {
                    errors[field] = [$"A per-server grant holds: {string.Join(", ", RolePermissions.NamesOf((ServerPermissions)~0))}."];
                    break;
                }

                permissions |= permission;
            }

            grants[server] = permissions;
        }

        return grants.ToImmutable();
    }

    /// <summary>Every problem with the game servers a member's grants name, keyed as the API's 400 names them; the console checks with this too.</summary>
    internal static Dictionary<string, string[]> CheckServerKeys(IEnumerable<string> servers)
    {
        var errors = new Dictionary<string, string[]>();
        var keys = servers.ToList();
        if (keys.Count > MaxServerGrants)
        {
            errors["servers"] = [$"A member has at most {MaxServerGrants} per-server grants."];
            return errors;
        }

        foreach (var server in keys)
        {
            if (server.Split('/') is not [var hostId, var serverId] || !GameOps.Grains.Hosts.HostRules.IsValidHostId(hostId) || !GameOps.Grains.Jobs.JobRules.IsValidServerId(serverId))
            {
                errors[$"servers.{server}"] = ["A per-server grant is keyed by 'hostId/serverId'."];
            }
        }

        return errors;
    }
}

using System.Security.Claims;
using GameOps.Grains;
using GameOps.Grains.Identity;
using GameOps.Grains.Orgs;
using GameOps.Silo.Api;
using GameOps.Silo.Security;
using GameOps.Silo.Security.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GameOps.Silo.Orgs;

public static class InviteEndpoints
{
    public const int DefaultExpiresInHours = 72;
    public const int MaxExpiresInHours = 720;

    public static RouteGroupBuilder MapInviteEndpoints(this RouteGroupBuilder api)
    {
        var invites = api.MapGroup("/orgs/{orgId}/invites").WithTags("Orgs");
        invites.MapPost("/", CreateAsync).RequirePermission(Permission.MembersManage)
            .WithSummary("Makes a one-time invite with a role; its token is in this answer only.");
        invites.MapGet("/", ListAsync).RequirePermission(Permission.MembersManage).WithSummary("The org's invites not yet used, revoked or expired.");
        invites.MapDelete("/{inviteId}", RevokeAsync).RequirePermission(Permission.MembersManage).WithSummary("Revokes an invite.");
        api.MapPost("/invites/accept", AcceptAsync).AllowAnonymous().WithTags("Orgs")
            .WithSummary("Uses an invite once: a signed-in user joins the org; anyone else sends userName and password for a new account.").ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    private static async Task<Results<Created<CreatedInvite>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        string orgId, CreateInviteRequest? request, ClaimsPrincipal user, HttpContext http, IGrainFactory grains)
    {
        var errors = CheckInvite(request);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (OrgRules.RefuseGiving(http.OrgCaller().Role, request!.Role!.Value) is { } refusal)
        {
            return ApiExtensions.Forbidden(refusal);
        }

        var created = await IssueInviteAsync(grains, orgId, request, user.ToActor(http.Connection.RemoteIpAddress));
        return TypedResults.Created($"/api/v1/orgs/{orgId}/invites/{created.Invite.Id}", created);
    }

    /// <summary>Every problem with a new invite's request, keyed by its field as the API's 400 names it.</summary>
    internal static Dictionary<string, string[]> CheckInvite(CreateInviteRequest? request)
    {
        var errors = new Dictionary<string, string[]>();
        if (request?.Role is null)
        {
            errors["role"] = [OrgEndpoints.RoleChoices];
        }

        if (request?.ExpiresInHours is < 1 or > MaxExpiresInHours)
        {
            errors["expiresInHours"] = [$"expiresInHours is a whole number of hours from 1 to {MaxExpiresInHours}; {DefaultExpiresInHours} when left out."];
        }

        return errors;
    }

    /// <summary>Makes the invite of a request <see cref="CheckInvite"/> found valid; only its token's hash is kept.</summary>
    internal static async Task<CreatedInvite> IssueInviteAsync(IGrainFactory grains, string orgId, CreateInviteRequest request, Actor actor)
    {
        var token = IdentifiedTokens.New(TokenPrefixes.Invite, out var inviteId);
        var invite = await grains.GetGrain<IOrgGrain>(orgId).AddInviteAsync(
            inviteId, request.Role!.Value, TimeSpan.FromHours(request.ExpiresInHours ?? DefaultExpiresInHours), Secrets.Hash(token), actor);
        return new CreatedInvite(invite, token);
    }

    private static Task<Results<Ok<InvitePage>, ValidationProblem>> ListAsync(string orgId, string? limit, string? cursor, IGrainFactory grains) =>
        ListPage.AnswerAsync(limit, cursor, page => OrgLists.InvitesAsync(grains, orgId, page), (invites, next) => new InvitePage(invites, next));

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(string orgId, string inviteId, ClaimsPrincipal user, HttpContext http, IGrainFactory grains) =>
        await grains.GetGrain<IOrgGrain>(orgId).RevokeInviteAsync(inviteId, user.ToActor(http.Connection.RemoteIpAddress))
            ? TypedResults.NoContent()
            : ApiExtensions.NotFound($"Invite '{inviteId}' is not pending in org '{orgId}'.");

    /// <summary>
    /// Uses the invite for the signed-in <paramref name="user"/>, or makes the new account the request names; the console's
    /// invite page accepts through this too.
    /// </summary>
    internal static async Task<Results<Ok<AcceptedInvite>, ValidationProblem, ProblemHttpResult>> AcceptAsync(
        AcceptInviteRequest? request, ClaimsPrincipal user, HttpContext http, IGrainFactory grains, FailedAuthenticationLimiter failedAttempts)
    {
        var signedIn = user.GetUserId();
        var errors = new Dictionary<string, string[]>();
        if (request?.Token is not { } token || !IdentifiedTokens.TryReadId(TokenPrefixes.Invite, token, out var inviteId))
        {
            errors["token"] = ["Send the invite's token (goi_...)."];
            token = "";
            inviteId = "";
        }

        if (signedIn is null)
        {
            AddError(errors, "userName", UserRules.ValidateName(request?.UserName));
            AddError(errors, "password", UserRules.ValidatePassword(request?.Password));
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var address = http.Connection.RemoteIpAddress;
        if (failedAttempts.RetryAfter(Listener.Api, address) is not null)
        {
            return TypedResults.Problem("Too many failed attempts from this address.", statusCode: StatusCodes.Status429TooManyRequests, title: "Too many failed attempts");
        }

        // A new account's name is claimed first, so a name taken does not use the invite up.
        var userId = signedIn ?? UserRules.NewUserId();
        var name = signedIn is null ? grains.GetGrain<IUserNameGrain>(UserRules.Normalize(request!.UserName!)) : null;
        if (name is not null && !await name.ClaimAsync(userId))
        {
            return TypedResults.Problem($"The user name '{request!.UserName!.Trim()}' is taken.", statusCode: StatusCodes.Status409Conflict, title: "Conflict");
        }

        var invite = grains.GetGrain<IInviteGrain>(inviteId);
        if (await invite.RedeemAsync(Secrets.Hash(token)) is not { } grant)
        {
            if (name is not null)
            {
                await name.ReleaseAsync(userId);
            }

            var refusal = await invite.RefusalAsync(Secrets.Hash(token)) ?? InviteRefusal.Used; // usable a moment ago: someone else just used it
            if (refusal == InviteRefusal.NotValid)
            {
                failedAttempts.RecordFailure(Listener.Api, address, "An invite token that is not valid.");
            }

            return ApiExtensions.Forbidden(Describe(refusal));
        }

        var actor = new Actor(ActorKind.Api, $"user:{userId}", address?.ToString());
        if (signedIn is null)
        {
            await grains.GetGrain<IUserGrain>(userId).CreateAsync(request!.UserName!, request.Password!, isPlatformAdmin: false, actor);
        }

        var member = await grains.GetGrain<IOrgGrain>(grant.OrgId).AcceptInviteAsync(grant, userId, actor);
        await grains.GetGrain<IUserGrain>(userId).JoinOrgAsync(grant.OrgId);
        return TypedResults.Ok(new AcceptedInvite(userId, grant.OrgId, member.Role));
    }

    /// <summary>What the invite's holder is told; only a token's holder learns more than that it is not valid.</summary>
    public static string Describe(InviteRefusal refusal) => refusal switch
    {
        InviteRefusal.Used => "This invite was already used: ask the org's admin for a new one.",
        InviteRefusal.Revoked => "This invite was revoked: ask the org's admin for a new one.",
        InviteRefusal.Expired => "This invite has expired: ask the org's admin for a new one.",
        _ => "This invite is not valid: check that the whole link or token was copied.",
    };

    private static void AddError(Dictionary<string, string[]> errors, string field, string? problem)
    {
        if (problem is not null)
        {
            errors[field] = [problem];
        }
    }
}

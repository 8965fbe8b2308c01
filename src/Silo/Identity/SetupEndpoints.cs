using GameOps.Grains;
using GameOps.Grains.Identity;
using GameOps.Grains.Orgs;
using GameOps.Grains.Platform;
using GameOps.Silo.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace GameOps.Silo.Identity;

public static class SetupEndpoints
{
    public static RouteGroupBuilder MapSetupEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/setup", SetUpAsync).AllowAnonymous().WithTags("Setup")
            .WithSummary("Once, with the setup token from the data folder: creates the platform admin account, Owner of the first org.").ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    /// <summary>The setup, for this endpoint and the web console's setup page.</summary>
    internal static async Task<Results<Created<SetupDone>, ValidationProblem, ProblemHttpResult>> SetUpAsync(
        SetupRequest? request, HttpContext http, IGrainFactory grains, IOptions<SetupOptions> options, FailedAuthenticationLimiter failedAttempts)
    {
        var errors = new Dictionary<string, string[]>();
        if (request?.SetupToken is not { Length: > 0 and <= Secrets.MaxTokenLength } token || TextRules.HasControlCharacters(token))
        {
            errors["setupToken"] = ["Send the setup token the first start wrote to the data folder."];
        }

        AddError(errors, "userName", UserRules.ValidateName(request?.UserName));
        AddError(errors, "password", UserRules.ValidatePassword(request?.Password));
        AddError(errors, "orgName", OrgRules.ValidateName(request?.OrgName));
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var address = http.Connection.RemoteIpAddress;
        if (failedAttempts.RetryAfter(Listener.Api, address) is not null)
        {
            return TypedResults.Problem("Too many failed attempts from this address.", statusCode: StatusCodes.Status429TooManyRequests, title: "Too many failed attempts");
        }

        var path = Path.GetFullPath(options.Value.TokenFilePath);
        var actor = new Actor(ActorKind.Api, "setup", address?.ToString());
        switch (await grains.GetGrain<IPlatformGrain>(0).CompleteSetupAsync(Secrets.Hash(request!.SetupToken!), actor))
        {
            case SetupOutcome.AlreadyComplete:
                return TypedResults.Problem("GameOps is already set up; the setup token is used up. Sign in, or ask the platform admin for an invite.",
                    statusCode: StatusCodes.Status409Conflict, title: "Already set up");
            case SetupOutcome.WrongToken:
                failedAttempts.RecordFailure(Listener.Api, address, "A setup call with a wrong setup token.");
                return TypedResults.Problem($"The setup token is not the one this deployment wrote at first start ({path} on the silo that made it).",
                    statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");
        }

        var userId = UserRules.NewUserId();
        await grains.GetGrain<IUserNameGrain>(UserRules.Normalize(request.UserName!)).ClaimAsync(userId);
        await grains.GetGrain<IUserGrain>(userId).CreateAsync(request.UserName!, request.Password!, isPlatformAdmin: true, actor);

        // The org everything made before setup lives in (by the admin key) becomes the first org: nothing moves.
        await grains.GetGrain<IOrgGrain>(OrgIds.Default).CreateAsync(request.OrgName!.Trim(), userId, actor);
        await grains.GetGrain<IUserGrain>(userId).JoinOrgAsync(OrgIds.Default);
        File.Delete(path);
        return TypedResults.Created($"/api/v1/orgs/{OrgIds.Default}/members/{userId}", new SetupDone(userId, OrgIds.Default));
    }

    private static void AddError(Dictionary<string, string[]> errors, string field, string? problem)
    {
        if (problem is not null)
        {
            errors[field] = [problem];
        }
    }
}

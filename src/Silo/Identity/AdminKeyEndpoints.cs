using System.Security.Claims;
using GameOps.Grains.Platform;
using GameOps.Silo.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace GameOps.Silo.Identity;

public static class AdminKeyEndpoints
{
    public sealed record RotatedAdminKey(string Key);

    public static RouteGroupBuilder MapAdminKeyEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/admin-key/rotate", RotateAsync).WithTags("Platform").RequireAuthorization(GameOpsClaims.PlatformAdminPolicy)
            .WithSummary("Replaces the platform admin key: the answer holds the new one; the old one is refused from now on.");
        return api;
    }

    private static async Task<Ok<RotatedAdminKey>> RotateAsync(
        ClaimsPrincipal user, HttpContext http, IGrainFactory grains, AdminKeyVerifier verifier, IOptions<AdminKeyOptions> options, CancellationToken cancellationToken)
    {
        var key = Secrets.NewToken(TokenPrefixes.AdminKey);
        await grains.GetGrain<IPlatformGrain>(0).RotateAdminKeyAsync(Secrets.Hash(key), user.ToActor(http.Connection.RemoteIpAddress));
        verifier.Forget();

        // The key file on this silo's machine keeps holding the key that works, for the automation that reads it.
        await SecretFile.WriteAsync(Path.GetFullPath(options.Value.FilePath), key, cancellationToken);
        return TypedResults.Ok(new RotatedAdminKey(key));
    }
}

using System.Security.Claims;
using GameOps.Silo.Security;
using GameOps.Silo.Security.Authorization;
using Grpc.Core;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace GameOps.Silo.Jobs;

/// <summary>
/// The caller of a gRPC API call, checked by the same authentication and permission policy as a REST route's
/// <c>.RequirePermission(...)</c>; refusals become the gRPC status a client expects, with the same words.
/// </summary>
public sealed class GrpcCaller(IAuthorizationService authorization)
{
    /// <summary>The caller, acting in its org, when it holds <paramref name="permission"/> there; otherwise throws UNAUTHENTICATED or PERMISSION_DENIED.</summary>
    public async Task<ClaimsPrincipal> RequireAsync(ServerCallContext context, Permission permission)
    {
        var http = context.GetHttpContext();
        var user = http.User;

        // Only a key or an access token: a browser's session cookie is not a way into this API.
        if (user.Identity is not { IsAuthenticated: true, AuthenticationType: ApiKeyAuthenticationHandler.SchemeName })
        {
            var failure = http.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult?.Failure?.Message;
            throw new RpcException(new Status(
                StatusCode.Unauthenticated,
                failure ?? $"Send an API key as 'authorization: Bearer <key>' or '{ApiKeyAuthenticationHandler.ApiKeyMetadata}: <key>' metadata."));
        }

        var result = await authorization.AuthorizeAsync(user, http, PermissionRequirement.PolicyName(permission));
        if (!result.Succeeded)
        {
            var reason = result.Failure?.FailureReasons.FirstOrDefault()?.Message ?? $"Your API key does not allow {RolePermissions.NameOf(permission)}.";
            throw new RpcException(new Status(StatusCode.PermissionDenied, reason));
        }

        return user;
    }
}

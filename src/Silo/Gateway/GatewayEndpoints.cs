using Microsoft.AspNetCore.Http.HttpResults;
using GameOps.Silo.Security.Authorization;

namespace GameOps.Silo.Gateway;

public static class GatewayEndpoints
{
    /// <summary>What an agent's config needs to reach this control plane.</summary>
    public sealed record GatewayInfo(bool Tls, string? CertificateFingerprint);

    public static RouteGroupBuilder MapGatewayEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/gateway", GetGateway).WithTags("Gateway").RequirePermission(Permission.HostsRead)
            .WithSummary("What an agent's config needs to trust this control plane: whether the gateway serves TLS and its certificate's fingerprint.");
        return api;
    }

    private static Ok<GatewayInfo> GetGateway(GatewayCertificateHolder holder) => TypedResults.Ok(new GatewayInfo(holder.IsTls, holder.Fingerprint));
}

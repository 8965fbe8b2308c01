using System.Security.Claims;
using GameOps.Grains.Audit;
using GameOps.Silo.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using GameOps.Silo.Security.Authorization;

namespace GameOps.Silo.Audit;

public static class AuditEndpoints
{
    public static RouteGroupBuilder MapAuditEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/audit", ListAsync)
            .WithTags("Audit")
            .RequirePermission(Permission.AuditRead)
            .WithSummary("The org's audit entries of the retention period (who changed what, through which door), newest first, a page at a time.");
        return api;
    }

    private static async Task<Results<Ok<AuditEntryPage>, ValidationProblem>> ListAsync(
        [AsParameters] AuditFilter filter, ClaimsPrincipal user, IAuditLog log, CancellationToken cancellationToken)
    {
        if (filter.ToQuery(user.GetOrgId(), out var errors) is not { } query)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var page = await log.ListAsync(query, cancellationToken);
        return TypedResults.Ok(new AuditEntryPage(page.Entries, page.Next?.Encode()));
    }
}

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
        api.MapGet("/platform/audit", ListPlatformAsync)
            .WithTags("Audit", "Platform")
            .RequireAuthorization(GameOpsClaims.PlatformAdminPolicy)
            .WithSummary("The platform's own audit entries (setup, admin key rotation, accounts and orgs made), newest first, a page at a time.");
        return api;
    }

    private static Task<Results<Ok<AuditEntryPage>, ValidationProblem>> ListAsync(
        [AsParameters] AuditFilter filter, ClaimsPrincipal user, IAuditLog log, CancellationToken cancellationToken) =>
        PageAsync(filter, user.GetOrgId(), log, cancellationToken);

    private static Task<Results<Ok<AuditEntryPage>, ValidationProblem>> ListPlatformAsync(
        [AsParameters] AuditFilter filter, IAuditLog log, CancellationToken cancellationToken) =>
        PageAsync(filter, AuditEntries.PlatformLog, log, cancellationToken);

    private static async Task<Results<Ok<AuditEntryPage>, ValidationProblem>> PageAsync(
        AuditFilter filter, string logId, IAuditLog log, CancellationToken cancellationToken)
    {
        if (filter.ToQuery(logId, out var errors) is not { } query)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var page = await log.ListAsync(query, cancellationToken);
        return TypedResults.Ok(new AuditEntryPage(page.Entries, page.Next?.Encode()));
    }
}

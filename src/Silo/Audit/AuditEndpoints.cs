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
        api.MapGet("/audit.csv", ExportAsync).Produces<string>(StatusCodes.Status200OK, AuditCsv.ContentType)
            .WithTags("Audit")
            .RequirePermission(Permission.AuditRead)
            .WithSummary("Every audit entry the search (target, actor, from, to) selects, newest first, as CSV (RFC 4180; a cell that would start a spreadsheet formula starts with ').");
        api.MapGet("/orgs/{orgId}/audit.csv", ExportAsync).Produces<string>(StatusCodes.Status200OK, AuditCsv.ContentType)
            .WithTags("Audit")
            .RequirePermission(Permission.AuditRead)
            .WithSummary("The same CSV for the org the path names, as a plain link (the web console's export) can ask for it.");
        api.MapGet("/platform/audit", ListPlatformAsync)
            .WithTags("Audit", "Platform")
            .RequireAuthorization(GameOpsClaims.PlatformAdminPolicy)
            .WithSummary("The platform's own audit entries (setup, admin key rotation, accounts and orgs made), newest first, a page at a time.");
        return api;
    }

    private static Task<Results<Ok<AuditEntryPage>, ValidationProblem>> ListAsync(
        [AsParameters] AuditFilter filter, ClaimsPrincipal user, IAuditLog log, CancellationToken cancellationToken) =>
        PageAsync(filter, user.GetOrgId(), log, cancellationToken);

    /// <summary>The most rows one export holds: the retention period of a busy org, without holding a request open for ever.</summary>
    public const int MaxExportRows = 100_000;

    private static Results<PushStreamHttpResult, ValidationProblem> ExportAsync([AsParameters] AuditFilter filter, ClaimsPrincipal user, IAuditLog log)
    {
        // The export pages through the whole search itself: a cursor or a limit is not part of it.
        if ((filter with { Cursor = null, Limit = AuditFilter.MaxLimit.ToString(System.Globalization.CultureInfo.InvariantCulture) }).ToQuery(user.GetOrgId(), out var errors) is not { } query)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return TypedResults.Stream(stream => WriteCsvAsync(stream, query, log), AuditCsv.ContentType, "audit.csv");
    }

    private static async Task WriteCsvAsync(Stream stream, AuditQuery query, IAuditLog log)
    {
        await using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        await writer.WriteAsync(AuditCsv.HeaderRow());
        var rows = 0;
        for (var page = query; rows < MaxExportRows;)
        {
            var entries = await log.ListAsync(page);
            foreach (var entry in entries.Entries.Take(MaxExportRows - rows))
            {
                await writer.WriteAsync(AuditCsv.EntryRow(entry));
                rows++;
            }

            await writer.FlushAsync();
            if (entries.Next is not { } next)
            {
                break;
            }

            page = page with { After = next };
        }
    }

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

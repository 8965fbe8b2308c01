using System.Globalization;
using System.Security.Claims;
using GameOps.Grains.Audit;
using GameOps.Silo.Audit;
using GameOps.Silo.Security.Authorization;
using GameOps.Web.Audit;
using GameOps.Web.Shell;

namespace GameOps.Silo.WebConsole;

/// <summary>The audit page's search, in-process, read as <c>GET /api/v1/audit</c> reads its query (<see cref="AuditFilter"/>).</summary>
public sealed class SiloAuditConsole(WebConsoleAccess access, IAuditLog log) : IAuditConsole
{
    public Task<bool> CanReadAsync(ClaimsPrincipal user, string orgId) => access.AllowsAsync(user, orgId, Permission.AuditRead);

    public async Task<AuditPageView> SearchAsync(ClaimsPrincipal user, string orgId, AuditSearch search, string? cursor, int limit)
    {
        await access.RequireAsync(user, orgId, Permission.AuditRead);
        var filter = new AuditFilter(search.Target, search.Actor, search.From, search.To, cursor, limit.ToString(CultureInfo.InvariantCulture));
        if (filter.ToQuery(orgId, out var errors) is not { } query)
        {
            throw new ConsoleFieldsException(errors);
        }

        var page = await log.ListAsync(query);
        return new AuditPageView(page.Entries, page.Next?.Encode());
    }
}

using System.Security.Claims;
using GameOps.Web.Shell;

namespace GameOps.Web.Audit;

/// <summary>
/// What the audit page reads, implemented by the silo in-process with the REST audit listing's own reading of the
/// search (<c>GET /api/v1/audit</c>): its permission (audit.read) and its field errors (<see cref="ConsoleFieldsException"/>).
/// </summary>
public interface IAuditConsole
{
    /// <summary>Whether the user may read the org's audit log.</summary>
    Task<bool> CanReadAsync(ClaimsPrincipal user, string orgId);

    /// <summary>One page of the entries the search selects, newest first; <paramref name="cursor"/> is the previous page's next one.</summary>
    Task<AuditPageView> SearchAsync(ClaimsPrincipal user, string orgId, AuditSearch search, string? cursor, int limit);
}

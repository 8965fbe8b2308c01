using System.Security.Claims;
using GameOps.Grains.Alerts;
using GameOps.Web.Shell;

namespace GameOps.Web.Alerts;

/// <summary>
/// What the alerts page reads and changes, implemented by the silo in-process with the REST API's checks: the
/// permission in the org the user picked, and a rule's field errors as <c>POST /api/v1/alert-rules</c> answers them
/// (<see cref="ConsoleFieldsException"/>).
/// </summary>
public interface IAlertConsole
{
    /// <summary>Whether the user may see the org's alerts (alerts.read), and change its rules (alerts).</summary>
    Task<AlertAbilities> AbilitiesAsync(ClaimsPrincipal user, string orgId);

    Task<IReadOnlyList<AlertRule>> ListRulesAsync(ClaimsPrincipal user, string orgId);

    /// <summary>
    /// A page of the org's current (pending or firing) or resolved alerts, read and paged exactly as
    /// <c>GET /api/v1/alerts</c> pages them; <paramref name="cursor"/> is the previous page's, null for the first.
    /// </summary>
    Task<ConsolePage<AlertView>> ListAlertsAsync(ClaimsPrincipal user, string orgId, AlertList list, string? cursor, int limit);

    Task<AlertRule> AddRuleAsync(ClaimsPrincipal user, string orgId, NewAlertRule rule);

    /// <summary>Changes the rule in place, with the checks <c>PUT /api/v1/alert-rules/{id}</c> makes.</summary>
    Task<AlertRule> UpdateRuleAsync(ClaimsPrincipal user, string orgId, Guid ruleId, NewAlertRule rule);

    /// <summary>Removes the rule and its alerts.</summary>
    Task DeleteRuleAsync(ClaimsPrincipal user, string orgId, Guid ruleId);
}

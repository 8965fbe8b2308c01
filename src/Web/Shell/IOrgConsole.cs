using System.Security.Claims;
using GameOps.Grains.Events;
using GameOps.Web.Hosts;
using GameOps.Web.Overview;

namespace GameOps.Web.Shell;

/// <summary>
/// What the console reads and changes in an org, implemented by the silo in-process (grains, the per-silo event fan-out).
/// Every call is given the signed-in user and the org they picked, and checks the user's permission there with the same
/// table the REST API uses: the org is a choice, never a grant. A refusal throws <see cref="ConsoleRefusedException"/>.
/// </summary>
public interface IOrgConsole
{
    /// <summary>The orgs the user belongs to, with their role in each, oldest membership first.</summary>
    Task<IReadOnlyList<ConsoleOrg>> ListOrgsAsync(ClaimsPrincipal user);

    /// <summary>What the user may do in the org, to show only the actions that would be allowed.</summary>
    Task<OrgAbilities> AbilitiesAsync(ClaimsPrincipal user, string orgId);

    Task<IReadOnlyList<HostRow>> ListHostsAsync(ClaimsPrincipal user, string orgId);

    /// <summary>The agent and last hour of load of each of the org's hosts among <paramref name="hostIds"/>, by host id; others are left out.</summary>
    Task<IReadOnlyDictionary<string, HostLoadRow>> ReadHostLoadsAsync(ClaimsPrincipal user, string orgId, IReadOnlyCollection<string> hostIds);

    /// <summary>
    /// The first <paramref name="limit"/> of the org's alerts firing now, as <c>GET /api/v1/alerts?status=Firing</c> pages
    /// them (by id); the cursor says whether more are firing.
    /// </summary>
    Task<ConsolePage<AlertRow>> ListFiringAlertsAsync(ClaimsPrincipal user, string orgId, int limit);

    /// <summary>The org's newest jobs, newest first.</summary>
    Task<IReadOnlyList<JobRow>> ListRecentJobsAsync(ClaimsPrincipal user, string orgId, int count);

    /// <summary>Adds a host and makes its one-time enrolment token; a bad name throws <see cref="ConsoleInputException"/>.</summary>
    Task<NewHostEnrolment> AddHostAsync(ClaimsPrincipal user, string orgId, string name);

    /// <summary>Revokes the host's credential: its agent is cut off until it enrols again.</summary>
    Task RevokeHostAsync(ClaimsPrincipal user, string orgId, string hostId);

    /// <summary>
    /// Hands the org's events to <paramref name="onEvent"/>, one at a time, until disposed; null when some were dropped
    /// because the circuit fell behind (read the state again). Subscribed once this returns.
    /// </summary>
    Task<IAsyncDisposable> WatchAsync(ClaimsPrincipal user, string orgId, Func<OrgEvent?, Task> onEvent, CancellationToken cancellationToken);
}

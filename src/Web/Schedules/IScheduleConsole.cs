using System.Security.Claims;
using GameOps.Grains.Schedules;
using GameOps.Web.Shell;

namespace GameOps.Web.Schedules;

/// <summary>
/// What the schedules pages read and change, implemented by the silo in-process with the REST API's own checks: the
/// permission in the org the user picked (a refusal throws <see cref="ConsoleRefusedException"/>), and the spec's field
/// errors as <c>POST /api/v1/schedules</c> answers them (<see cref="ConsoleFieldsException"/>).
/// </summary>
public interface IScheduleConsole
{
    /// <summary>Whether the user may see the org's schedules, and change them.</summary>
    Task<ScheduleAbilities> AbilitiesAsync(ClaimsPrincipal user, string orgId);

    /// <summary>A page of the org's schedules, oldest first, as <c>GET /api/v1/schedules</c> pages them; a bad cursor throws <see cref="ConsoleInputException"/>.</summary>
    Task<ConsolePage<ScheduleView>> ListAsync(ClaimsPrincipal user, string orgId, string? cursor, int limit);

    /// <summary>The schedule, or null when the org has none with that id.</summary>
    Task<ScheduleView?> GetAsync(ClaimsPrincipal user, string orgId, Guid scheduleId);

    /// <summary>The game servers a schedule can target: those the org's agents declared.</summary>
    Task<IReadOnlyList<ScheduleTargetChoice>> ListTargetsAsync(ClaimsPrincipal user, string orgId);

    /// <summary>The job actions an Action step can name.</summary>
    IReadOnlyList<string> Actions { get; }

    /// <summary>
    /// The spec's field errors (none when it would be saved) and its next <paramref name="count"/> cron times in its zone
    /// from now, computed as the schedule grain computes them (empty while the cron or the zone is not valid).
    /// </summary>
    Task<ScheduleCheck> CheckAsync(ClaimsPrincipal user, string orgId, ScheduleSpec spec, int count);

    /// <summary>Creates the schedule (<paramref name="scheduleId"/> null) or replaces its spec.</summary>
    Task<ScheduleView> SaveAsync(ClaimsPrincipal user, string orgId, Guid? scheduleId, ScheduleSpec spec);

    Task DeleteAsync(ClaimsPrincipal user, string orgId, Guid scheduleId);

    /// <summary>Starts a run now; a run already going on is refused.</summary>
    Task RunNowAsync(ClaimsPrincipal user, string orgId, Guid scheduleId);

    /// <summary>One page of the schedule's runs, newest first; <paramref name="cursor"/> is the previous page's next one.</summary>
    Task<ScheduleRunsPage> ListRunsAsync(ClaimsPrincipal user, string orgId, Guid scheduleId, int limit, string? cursor);
}

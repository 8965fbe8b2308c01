using System.Collections.Immutable;
using GameOps.Grains.GameServers;
using GameOps.Grains.Hosts;

namespace GameOps.Web.Servers;

/// <summary>A game server as its page shows it.</summary>
/// <param name="Actions">
/// The actions the user may send it: those its agent offers (its adapter's, under the host's own policy), that the
/// policy the agent last reported allows, and that the user's role (or grant on this server) allows. Empty for a Viewer.
/// </param>
/// <param name="CountdownScheduleId">The one-off schedule that runs this server's restarts with countdown.</param>
/// <param name="Countdown">Its run going on, else the last that ran; null when none did.</param>
/// <param name="MayCountdown">
/// Whether the user may start or cancel a restart with countdown: restart the server, and run a schedule's restart step
/// on it (schedules and power there), as the REST API would require of the same schedule.
/// </param>
public sealed record ServerDetail(
    string HostId,
    string HostName,
    HostStatus HostStatus,
    string ServerId,
    string Name,
    string Kind,
    ServerHealth Health,
    string? HealthDetail,
    DateTimeOffset? HealthCheckedAt,
    ImmutableArray<string> Actions,
    Guid CountdownScheduleId = default,
    RestartCountdown? Countdown = null,
    bool MayCountdown = false)
{
    public bool Allows(string action) => Actions.Contains(action, StringComparer.Ordinal);
}

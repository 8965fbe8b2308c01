using System.Collections.Immutable;
using GameOps.Grains.Schedules;

namespace GameOps.Web.Servers;

/// <summary>A run of a game server's restart with countdown (its one-off schedule's), as the server page shows it.</summary>
/// <param name="RestartAt">When the world is saved and the server restarted, unless cancelled.</param>
/// <param name="Marks">How long before <paramref name="RestartAt"/> players are told ("5 minutes", "10 seconds"), longest first.</param>
/// <param name="Outcome"><see cref="ScheduleRunOutcome.Running"/> until it ends.</param>
public sealed record RestartCountdown(
    Guid RunId,
    DateTimeOffset StartedAt,
    DateTimeOffset RestartAt,
    ImmutableArray<string> Marks,
    string RequestedBy,
    ScheduleRunOutcome Outcome,
    string? Detail)
{
    public bool IsRunning => Outcome == ScheduleRunOutcome.Running;
}

using System.Collections.Immutable;
using GameOps.Grains.Hosts;

namespace GameOps.Web.Hosts;

/// <summary>
/// A host's agent and load as the hosts page shows them: read from the host for the rows on the page, then kept current
/// by the org's <c>HostAgentVersionChanged</c> events and its <c>HostMetricsReported</c> events, folded into points by the
/// host grain's own rule (the minute's peak).
/// </summary>
/// <param name="Latest">The latest heartbeat's load; null while no agent is connected.</param>
/// <param name="LastHour">A point a minute, oldest first.</param>
/// <param name="Read">Whether the host was read since the row was last asked for; events alone leave it false.</param>
public sealed record HostLoadRow(string? AgentVersion, HostLoadPoint? Latest, ImmutableArray<HostLoadPoint> LastHour, bool Read)
{
    /// <summary>A row asked for and not read yet: events fold into it while the read is on its way.</summary>
    public static HostLoadRow Unread { get; } = new(null, null, [], Read: false);

    /// <summary>This row with one heartbeat's point: the latest load, and the peak of its minute.</summary>
    public HostLoadRow Fold(HostLoadPoint point) => this with
    {
        Latest = Latest is { } latest && latest.Minute > point.Minute ? latest : point,
        LastHour = LastHourWith([point]),
    };

    /// <summary>
    /// The host's own answer over this row: its agent version unless an event brought one while it was read (the later),
    /// and its points merged with those events brought while it was read (a peak merges with a peak, whichever came
    /// first); the later latest load, the events' on a tie.
    /// </summary>
    public HostLoadRow MergedWith(HostLoadRow read) => new(
        AgentVersion ?? read.AgentVersion,
        Latest is { } latest && (read.Latest is not { } other || latest.Minute >= other.Minute) ? latest : read.Latest,
        LastHourWith(read.LastHour),
        Read: true);

    private ImmutableArray<HostLoadPoint> LastHourWith(IEnumerable<HostLoadPoint> points)
    {
        var byMinute = LastHour.ToDictionary(p => p.Minute);
        foreach (var point in points)
        {
            byMinute[point.Minute] = byMinute.TryGetValue(point.Minute, out var known) ? known.Peak(point) : point;
        }

        if (byMinute.Count == 0)
        {
            return [];
        }

        var newest = byMinute.Keys.Max();
        return [.. byMinute.Values.Where(p => p.Minute > newest.AddMinutes(-HostLoadPoint.PerHour)).OrderBy(p => p.Minute)];
    }
}

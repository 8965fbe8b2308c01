namespace GameOps.Grains.Hosts;

/// <summary>
/// The refused second streams of one host, as one conflict that lasts while refusals keep coming: it clears once none
/// has come for <paramref name="clearAfter"/>, longer than a refused agent waits before it tries again.
/// </summary>
public sealed class HostConflictTracker(TimeSpan clearAfter)
{
    private HostConflict? _conflict;

    public void RecordRefusal(string refusedPeer, string connectedPeer, DateTimeOffset at) =>
        _conflict = Current(at) is { } ongoing
            ? ongoing with { RefusedPeer = refusedPeer, ConnectedPeer = connectedPeer, LastRefusedAt = at, Refusals = ongoing.Refusals + 1 }
            : new HostConflict(refusedPeer, connectedPeer, at, at, 1);

    /// <summary>The conflict, while a refusal came less than the clearing time before <paramref name="now"/>.</summary>
    public HostConflict? Current(DateTimeOffset now) => now - _conflict?.LastRefusedAt < clearAfter ? _conflict : null;
}

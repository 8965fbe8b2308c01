namespace GameOps.Grains.Hosts;

/// <summary>
/// A second agent stream was refused because the host's agent was connected and heartbeating: most likely two agents
/// run with the host's credential. Peers are as the gateway saw them (<c>ipv4:203.0.113.7:50412</c>).
/// </summary>
/// <param name="RefusedPeer">Where the latest refused stream came from.</param>
/// <param name="ConnectedPeer">Where the stream that kept the host came from, at that refusal.</param>
/// <param name="Since">The first refusal of this conflict.</param>
/// <param name="LastRefusedAt">The latest refusal.</param>
/// <param name="Refusals">How many streams were refused since <paramref name="Since"/>.</param>
[GenerateSerializer, Immutable]
[Alias("GameOps.HostConflict")]
public sealed record HostConflict(
    [property: Id(0)] string RefusedPeer,
    [property: Id(1)] string ConnectedPeer,
    [property: Id(2)] DateTimeOffset Since,
    [property: Id(3)] DateTimeOffset LastRefusedAt,
    [property: Id(4)] int Refusals);

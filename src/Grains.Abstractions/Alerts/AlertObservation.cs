namespace GameOps.Grains.Alerts;

/// <summary>
/// A grain's word that a watched condition started or stopped holding for one subject: a host (its id) or a game
/// server (its <see cref="GameServers.GameServerKeys"/> key).
/// </summary>
/// <param name="Since">When the condition changed, by the observing grain's clock: an alert that is Pending counts
/// its <c>For</c> from here, and an observation older than the alert's last change is stale and ignored.</param>
[GenerateSerializer, Immutable]
[Alias("GameOps.AlertObservation")]
public sealed record AlertObservation(
    [property: Id(0)] AlertKind Kind,
    [property: Id(1)] string HostId,
    [property: Id(2)] string Subject,
    [property: Id(3)] bool Holds,
    [property: Id(4)] DateTimeOffset Since,
    [property: Id(5)] string? Detail);

namespace GameOps.Grains.Alerts;

/// <summary>What to watch, where, and for how long the condition must hold before the alert fires.</summary>
/// <param name="HostId">Only this host (and its game servers); every host of the org when null.</param>
/// <param name="Paused">A paused rule watches nothing and has no alerts until it is resumed.</param>
[GenerateSerializer, Immutable]
[Alias("GameOps.AlertRule")]
public sealed record AlertRule(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Name,
    [property: Id(2)] AlertKind Kind,
    [property: Id(3)] string? HostId,
    [property: Id(4)] TimeSpan For,
    [property: Id(5)] DateTimeOffset CreatedAt,
    [property: Id(6)] Actor CreatedBy,
    [property: Id(7)] bool Paused = false)
{
    public bool Watches(AlertObservation observation) => Watches(observation.Kind, observation.HostId);

    /// <summary>Whether this rule watches <paramref name="kind"/> on <paramref name="hostId"/> (or its game servers).</summary>
    public bool Watches(AlertKind kind, string hostId) =>
        !Paused && kind == Kind && (HostId is null || string.Equals(HostId, hostId, StringComparison.Ordinal));
}

/// <summary>A request to add a rule (the grain gives it its id and time) or to change one.</summary>
[GenerateSerializer, Immutable]
[Alias("GameOps.AddAlertRule")]
public sealed record AddAlertRule(
    [property: Id(0)] string Name,
    [property: Id(1)] AlertKind Kind,
    [property: Id(2)] string? HostId,
    [property: Id(3)] TimeSpan For,
    [property: Id(4)] Actor RequestedBy,
    [property: Id(5)] bool Paused = false);

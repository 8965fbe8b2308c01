namespace GameOps.Grains.Events;

/// <summary>
/// Something that changed in an org, published on the org's stream (<see cref="OrgEventStreams"/>). Events only
/// notify: the truth is in grain state, so a subscriber that missed an event reads the state again.
/// </summary>
/// <param name="OrgId">The org the change belongs to.</param>
/// <param name="At">When it changed, by the publishing grain's domain clock.</param>
/// <param name="Sequence">
/// Increases with every event of the org that carries one: only publishers that are alone in their org (the alert
/// grain) can give one without a hop per event; events of hosts, game servers and jobs carry none and are ordered per
/// subject by the stream.
/// </param>
/// <param name="Actor">Who caused the change, when someone asked for it; null for what the system observed.</param>
[GenerateSerializer, Immutable]
[Alias("GameOps.OrgEvent")]
public abstract record OrgEvent(
    [property: Id(0)] string OrgId,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] long? Sequence,
    [property: Id(3)] Actor? Actor)
{
    /// <summary>The event's kind as subscribers name it (the SSE <c>event:</c> field): the record's name.</summary>
    public string Kind => GetType().Name;
}

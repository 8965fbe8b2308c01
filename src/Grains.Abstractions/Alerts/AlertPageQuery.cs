using System.Collections.Immutable;

namespace GameOps.Grains.Alerts;

/// <summary>A page of an org's alerts in id order (rule, then subject): those after <see cref="AfterId"/> whose status is kept.</summary>
/// <param name="AfterId">
/// The id of the last alert of the page before; the page starts at the first id after it (ordinal), whether or not that
/// alert is still there. Null for the first page.
/// </param>
/// <param name="Limit">How many alerts the page holds at most.</param>
/// <param name="Statuses">The statuses kept; null keeps every alert.</param>
[GenerateSerializer, Immutable]
[Alias("GameOps.AlertPageQuery")]
public sealed record AlertPageQuery(
    [property: Id(0)] string? AfterId,
    [property: Id(1)] int Limit,
    [property: Id(2)] ImmutableArray<AlertStatus>? Statuses = null);

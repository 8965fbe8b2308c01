using System.Collections.Immutable;

namespace GameOps.Grains.Alerts;

/// <summary>The alerts an <see cref="AlertPageQuery"/> asked for, in id order.</summary>
/// <param name="HasMore">Whether an alert the query keeps comes after the page.</param>
[GenerateSerializer, Immutable]
[Alias("GameOps.AlertPageResult")]
public sealed record AlertPageResult(
    [property: Id(0)] ImmutableArray<AlertView> Alerts,
    [property: Id(1)] bool HasMore);

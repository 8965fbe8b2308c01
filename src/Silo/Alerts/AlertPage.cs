using GameOps.Grains.Alerts;

namespace GameOps.Silo.Alerts;

/// <summary>One page of the org's alerts, by rule and then subject (their ids), so an alert that changes state keeps its place.</summary>
/// <param name="NextCursor">Pass as <c>cursor</c> for the next page; null on the last page.</param>
public sealed record AlertPage(IReadOnlyList<AlertView> Alerts, string? NextCursor);

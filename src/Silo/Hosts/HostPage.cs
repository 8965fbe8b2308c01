namespace GameOps.Silo.Hosts;

/// <summary>One page of the org's hosts, in the order they were added.</summary>
/// <param name="NextCursor">Pass as <c>cursor</c> for the next page; null on the last page.</param>
public sealed record HostPage(IReadOnlyList<GameOps.Grains.Orgs.HostSummary> Hosts, string? NextCursor);

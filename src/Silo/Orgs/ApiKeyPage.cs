namespace GameOps.Silo.Orgs;

/// <summary>One page of the org's API keys, oldest first.</summary>
/// <param name="NextCursor">Pass as <c>cursor</c> for the next page; null on the last page.</param>
public sealed record ApiKeyPage(IReadOnlyList<GameOps.Grains.Identity.ApiKeyView> ApiKeys, string? NextCursor);

namespace GameOps.Silo.Orgs;

/// <summary>One page of the org's pending invites, oldest first.</summary>
/// <param name="NextCursor">Pass as <c>cursor</c> for the next page; null on the last page.</param>
public sealed record InvitePage(IReadOnlyList<GameOps.Grains.Identity.InviteView> Invites, string? NextCursor);

namespace GameOps.Silo.Orgs;

/// <summary>One page of the org's members, longest a member first.</summary>
/// <param name="NextCursor">Pass as <c>cursor</c> for the next page; null on the last page.</param>
public sealed record MemberPage(IReadOnlyList<MemberResponse> Members, string? NextCursor);

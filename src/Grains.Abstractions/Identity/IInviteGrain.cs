namespace GameOps.Grains.Identity;

/// <summary>One invite, keyed by its id (part of the invite token, as for API keys): its hash, org, role, expiry, and whether it is used.</summary>
[Alias("GameOps.IInviteGrain")]
public interface IInviteGrain : IGrainWithStringKey
{
    [Alias("Issue")]
    Task IssueAsync(string orgId, OrgRole role, byte[] tokenHash, DateTimeOffset expiresAt);

    /// <summary>
    /// Uses the invite up: the grant when <paramref name="presentedTokenHash"/> is its hash (constant time) and it is
    /// neither used, revoked nor expired; null otherwise. Only one call ever gets the grant.
    /// </summary>
    [Alias("Redeem")]
    Task<InviteGrant?> RedeemAsync(byte[] presentedTokenHash);

    /// <summary>
    /// Why <see cref="RedeemAsync"/> gave nothing for <paramref name="presentedTokenHash"/>: <see cref="InviteRefusal.NotValid"/> unless
    /// it is this invite's hash, so only the token's holder learns that it was used, revoked or expired; null while it is usable.
    /// </summary>
    [Alias("Refusal")]
    Task<InviteRefusal?> RefusalAsync(byte[] presentedTokenHash);

    [Alias("Revoke")]
    Task RevokeAsync();
}

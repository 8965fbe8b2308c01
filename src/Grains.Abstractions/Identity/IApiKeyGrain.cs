namespace GameOps.Grains.Identity;

/// <summary>
/// One API key, keyed by its id (the id is part of the key, so a presented key finds its grain without a lookup).
/// Holds only what checking the key needs; the org lists its keys (<see cref="Orgs.IOrgGrain"/>).
/// </summary>
[Alias("GameOps.IApiKeyGrain")]
public interface IApiKeyGrain : IGrainWithStringKey
{
    /// <summary>Stores the key's hash, org and role; a key id is issued once (a second issue throws).</summary>
    [Alias("Issue")]
    Task IssueAsync(IssueApiKey request);

    /// <summary>
    /// What the key allows, or null when <paramref name="presentedKeyHash"/> is not its hash (compared in constant
    /// time), or the key is revoked or expired. Counts as a use.
    /// </summary>
    [Alias("Verify")]
    Task<ApiKeyGrant?> VerifyAsync(byte[] presentedKeyHash);

    /// <summary>Refuses the key from now on, on every silo (each request asks this grain).</summary>
    [Alias("Revoke")]
    Task RevokeAsync();

    [Alias("GetLastUsed")]
    Task<DateTimeOffset?> GetLastUsedAsync();
}

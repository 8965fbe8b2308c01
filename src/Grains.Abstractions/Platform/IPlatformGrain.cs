namespace GameOps.Grains.Platform;

/// <summary>
/// Deployment-wide settings, one activation for the whole cluster (key 0), so first-start
/// bootstrap happens once however many silos start together.
/// </summary>
[Alias("GameOps.IPlatformGrain")]
public interface IPlatformGrain : IGrainWithIntegerKey
{
    /// <summary>Stores the admin key's SHA-256 hash unless one is already stored; true when this call stored it.</summary>
    [Alias("TryInitializeAdminKey")]
    Task<bool> TryInitializeAdminKeyAsync(byte[] adminKeyHash);

    [Alias("IsAdminKey")]
    Task<bool> IsAdminKeyAsync(byte[] presentedKeyHash);

    /// <summary>Replaces the admin key's hash: the old key is refused from now on. Written to the platform's audit log.</summary>
    [Alias("RotateAdminKey")]
    Task RotateAdminKeyAsync(byte[] newAdminKeyHash, Actor requestedBy);

    /// <summary>
    /// Stores the setup token's hash unless setup is done or a token is already stored; true when this call stored it
    /// (the silo that made the token then writes it to its data folder).
    /// </summary>
    [Alias("TryInitializeSetupToken")]
    Task<bool> TryInitializeSetupTokenAsync(byte[] setupTokenHash);

    /// <summary>
    /// Marks setup done when <paramref name="presentedTokenHash"/> is the setup token's (compared in constant time),
    /// and forgets the token. <see cref="SetupOutcome.Completed"/> for the one call that does it, written to the
    /// platform's audit log.
    /// </summary>
    [Alias("CompleteSetup")]
    Task<SetupOutcome> CompleteSetupAsync(byte[] presentedTokenHash, Actor requestedBy);

    [Alias("IsSetupComplete")]
    Task<bool> IsSetupCompleteAsync();

    /// <summary>The access tokens' signing key, as Data Protection protected it; stored by the first silo that asks.</summary>
    [Alias("GetOrInitializeSigningKey")]
    Task<byte[]> GetOrInitializeSigningKeyAsync(byte[] protectedKeyIfNone);

    /// <summary>
    /// The cluster's gateway certificate (PKCS#12, private key included), as Data Protection protected it; stored by the
    /// first silo that asks, so every silo presents the one certificate agents pin.
    /// </summary>
    [Alias("GetOrInitializeGatewayCertificate")]
    Task<byte[]> GetOrInitializeGatewayCertificateAsync(byte[] protectedCertificateIfNone);
}

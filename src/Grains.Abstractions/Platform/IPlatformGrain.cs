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
}

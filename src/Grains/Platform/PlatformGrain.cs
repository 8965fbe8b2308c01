using System.Security.Cryptography;

namespace GameOps.Grains.Platform;

public sealed class PlatformGrain(
    [PersistentState("platform", StorageNames.GameOps)] IPersistentState<PlatformState> state)
    : Grain, IPlatformGrain
{
    public async Task<bool> TryInitializeAdminKeyAsync(byte[] adminKeyHash)
    {
        if (adminKeyHash is not { Length: SHA256.HashSizeInBytes })
        {
            throw new ArgumentException("The admin key hash must be a SHA-256 hash.", nameof(adminKeyHash));
        }

        if (state.State.AdminKeyHash is not null)
        {
            return false;
        }

        state.State.AdminKeyHash = adminKeyHash;
        await state.WriteStateAsync();
        return true;
    }

    public Task<bool> IsAdminKeyAsync(byte[] presentedKeyHash) =>
        Task.FromResult(state.State.AdminKeyHash is { } stored && CryptographicOperations.FixedTimeEquals(stored, presentedKeyHash));
}

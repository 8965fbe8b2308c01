using System.Security.Cryptography;
using GameOps.Grains.Audit;
using Microsoft.Extensions.Logging;

namespace GameOps.Grains.Platform;

public sealed class PlatformGrain(
    [PersistentState("platform", StorageNames.GameOps)] IPersistentState<PlatformState> state,
    IDomainClock clock,
    ILogger<PlatformGrain> logger)
    : Grain, IPlatformGrain
{
    public async Task<bool> TryInitializeAdminKeyAsync(byte[] adminKeyHash)
    {
        RequireSha256(adminKeyHash);
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

    public async Task RotateAdminKeyAsync(byte[] newAdminKeyHash, Actor requestedBy)
    {
        RequireSha256(newAdminKeyHash);
        state.State.AdminKeyHash = newAdminKeyHash;
        await this.WriteAuditedAsync(state, AuditEntries.AdminKeyRotated(clock.UtcNow, requestedBy), state.WriteStateAsync, logger);
    }

    public async Task<bool> TryInitializeSetupTokenAsync(byte[] setupTokenHash)
    {
        RequireSha256(setupTokenHash);
        if (state.State.SetupComplete || state.State.SetupTokenHash is not null)
        {
            return false;
        }

        state.State.SetupTokenHash = setupTokenHash;
        await state.WriteStateAsync();
        return true;
    }

    public async Task<SetupOutcome> CompleteSetupAsync(byte[] presentedTokenHash, Actor requestedBy)
    {
        if (state.State.SetupComplete)
        {
            return SetupOutcome.AlreadyComplete;
        }

        if (state.State.SetupTokenHash is not { } stored || !CryptographicOperations.FixedTimeEquals(stored, presentedTokenHash))
        {
            return SetupOutcome.WrongToken;
        }

        state.State.SetupComplete = true;
        state.State.SetupTokenHash = null;
        await this.WriteAuditedAsync(state, AuditEntries.SetupCompleted(clock.UtcNow, requestedBy), state.WriteStateAsync, logger);
        return SetupOutcome.Completed;
    }

    public Task<bool> IsSetupCompleteAsync() => Task.FromResult(state.State.SetupComplete);

    public async Task<byte[]> GetOrInitializeSigningKeyAsync(byte[] protectedKeyIfNone)
    {
        if (state.State.ProtectedSigningKey is { } stored)
        {
            return stored;
        }

        state.State.ProtectedSigningKey = protectedKeyIfNone;
        await state.WriteStateAsync();
        return protectedKeyIfNone;
    }

    public async Task<byte[]> GetOrInitializeGatewayCertificateAsync(byte[] protectedCertificateIfNone)
    {
        if (state.State.ProtectedGatewayCertificate is { } stored)
        {
            return stored;
        }

        state.State.ProtectedGatewayCertificate = protectedCertificateIfNone;
        await state.WriteStateAsync();
        return protectedCertificateIfNone;
    }

    private static void RequireSha256(byte[] hash)
    {
        if (hash is not { Length: SHA256.HashSizeInBytes })
        {
            throw new ArgumentException("The hash must be a SHA-256 hash.", nameof(hash));
        }
    }
}

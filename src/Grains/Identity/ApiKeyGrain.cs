using System.Security.Cryptography;

namespace GameOps.Grains.Identity;

public sealed class ApiKeyGrain(
    [PersistentState("api-key", StorageNames.GameOps)] IPersistentState<ApiKeyState> state,
    IDomainClock clock)
    : Grain, IApiKeyGrain
{
    /// <summary>
    /// The last-used time is stored at most this often: a script calling every second must not cost a write each time.
    /// The activation answers with the exact time; a crash loses at most this much of it.
    /// </summary>
    public static readonly TimeSpan LastUsedWritePeriod = TimeSpan.FromMinutes(1);

    private DateTimeOffset? _lastUsed;

    public async Task IssueAsync(IssueApiKey request)
    {
        if (request.KeyHash is not { Length: SHA256.HashSizeInBytes })
        {
            throw new ArgumentException("The key hash must be a SHA-256 hash.", nameof(request));
        }

        if (state.State.KeyHash is not null)
        {
            throw new InvalidOperationException($"API key '{this.GetPrimaryKeyString()}' is already issued.");
        }

        state.State.OrgId = request.OrgId;
        state.State.Role = request.Role;
        state.State.KeyHash = request.KeyHash;
        state.State.ExpiresAt = request.ExpiresAt;
        await state.WriteStateAsync();
    }

    public async Task<ApiKeyGrant?> VerifyAsync(byte[] presentedKeyHash)
    {
        var stored = state.State;
        if (stored.KeyHash is null || stored.OrgId is null || !CryptographicOperations.FixedTimeEquals(stored.KeyHash, presentedKeyHash))
        {
            return null;
        }

        var now = clock.UtcNow;
        if (stored.Revoked || now >= stored.ExpiresAt)
        {
            return null;
        }

        _lastUsed = now;
        if (stored.LastUsedAt is not { } written || now - written >= LastUsedWritePeriod)
        {
            stored.LastUsedAt = now;
            await state.WriteStateAsync();
        }

        return new ApiKeyGrant(this.GetPrimaryKeyString(), stored.OrgId, stored.Role);
    }

    public async Task RevokeAsync()
    {
        if (state.State.Revoked)
        {
            return;
        }

        state.State.Revoked = true;
        state.State.LastUsedAt = _lastUsed ?? state.State.LastUsedAt;
        await state.WriteStateAsync();
    }

    public Task<DateTimeOffset?> GetLastUsedAsync() => Task.FromResult(_lastUsed ?? state.State.LastUsedAt);

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_lastUsed is { } lastUsed && lastUsed != state.State.LastUsedAt && state.State.KeyHash is not null)
        {
            state.State.LastUsedAt = lastUsed;
            await state.WriteStateAsync(cancellationToken);
        }
    }
}

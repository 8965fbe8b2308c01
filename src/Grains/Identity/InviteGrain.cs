using System.Security.Cryptography;

namespace GameOps.Grains.Identity;

public sealed class InviteGrain(
    [PersistentState("invite", StorageNames.GameOps)] IPersistentState<InviteState> state,
    IDomainClock clock)
    : Grain, IInviteGrain
{
    public async Task IssueAsync(string orgId, OrgRole role, byte[] tokenHash, DateTimeOffset expiresAt)
    {
        if (tokenHash is not { Length: SHA256.HashSizeInBytes })
        {
            throw new ArgumentException("The token hash must be a SHA-256 hash.", nameof(tokenHash));
        }

        if (state.State.TokenHash is not null)
        {
            throw new InvalidOperationException($"Invite '{this.GetPrimaryKeyString()}' is already issued.");
        }

        state.State.OrgId = orgId;
        state.State.Role = role;
        state.State.TokenHash = tokenHash;
        state.State.ExpiresAt = expiresAt;
        await state.WriteStateAsync();
    }

    public async Task<InviteGrant?> RedeemAsync(byte[] presentedTokenHash)
    {
        var invite = state.State;
        if (invite.TokenHash is null || invite.OrgId is null || invite.Spent || clock.UtcNow >= invite.ExpiresAt
            || !CryptographicOperations.FixedTimeEquals(invite.TokenHash, presentedTokenHash))
        {
            return null;
        }

        // Spent before it is answered: a second call, on any silo, finds it used.
        invite.Spent = true;
        await state.WriteStateAsync();
        return new InviteGrant(this.GetPrimaryKeyString(), invite.OrgId, invite.Role);
    }

    public Task<InviteRefusal?> RefusalAsync(byte[] presentedTokenHash)
    {
        var invite = state.State;
        InviteRefusal? refusal = invite.TokenHash is null || invite.OrgId is null || !CryptographicOperations.FixedTimeEquals(invite.TokenHash, presentedTokenHash)
            ? InviteRefusal.NotValid
            : invite.Revoked ? InviteRefusal.Revoked
            : invite.Spent ? InviteRefusal.Used
            : clock.UtcNow >= invite.ExpiresAt ? InviteRefusal.Expired
            : null;
        return Task.FromResult(refusal);
    }

    public async Task RevokeAsync()
    {
        if (state.State.TokenHash is not null && !state.State.Spent)
        {
            state.State.Spent = true;
            state.State.Revoked = true;
            await state.WriteStateAsync();
        }
    }
}

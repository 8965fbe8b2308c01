using GameOps.Grains.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;

namespace GameOps.Grains.Identity;

/// <remarks>
/// The password is checked inside the grain: one attempt at a time per account, so parallel guesses cannot all be
/// checked before the first failure counts. PBKDF2 is slow on purpose; it runs only here, never on the API-key or
/// agent paths.
/// </remarks>
public sealed class UserGrain(
    [PersistentState("user", StorageNames.GameOps)] IPersistentState<UserState> state,
    IPasswordHasher<UserState> hasher,
    IDomainClock clock,
    ILogger<UserGrain> logger)
    : Grain, IUserGrain
{
    public async Task<bool> CreateAsync(string name, string password, bool isPlatformAdmin, Actor requestedBy)
    {
        if ((UserRules.ValidateName(name) ?? UserRules.ValidatePassword(password)) is { } problem)
        {
            throw new ArgumentException(problem, nameof(name));
        }

        if (state.State.Name is not null)
        {
            return false;
        }

        state.State.Name = name.Trim();
        state.State.PasswordHash = hasher.HashPassword(state.State, password);
        state.State.IsPlatformAdmin = isPlatformAdmin;
        state.State.CreatedAt = clock.UtcNow;
        state.State.SecurityStamp = UserRules.NewSecurityStamp();
        await this.WriteAuditedAsync(
            state, AuditEntries.AccountCreated(state.State.CreatedAt, requestedBy, this.GetPrimaryKeyString(), state.State.Name, isPlatformAdmin),
            state.WriteStateAsync, logger);
        return true;
    }

    public Task<UserView?> GetAsync() => Task.FromResult(View());

    public async Task<SignInResult> SignInAsync(string password)
    {
        var (verified, lockedUntil) = await VerifyAsync(password);
        if (verified == PasswordVerificationResult.Failed)
        {
            return new SignInResult(null, lockedUntil);
        }

        if (verified == PasswordVerificationResult.SuccessRehashNeeded)
        {
            state.State.PasswordHash = hasher.HashPassword(state.State, password);
            await state.WriteStateAsync();
        }

        return new SignInResult(View(), null);
    }

    public async Task<SignInResult> ChangePasswordAsync(string currentPassword, string newPassword, Actor requestedBy)
    {
        if (UserRules.ValidatePassword(newPassword) is { } problem)
        {
            throw new ArgumentException(problem, nameof(newPassword));
        }

        var (verified, lockedUntil) = await VerifyAsync(currentPassword);
        if (verified == PasswordVerificationResult.Failed)
        {
            return new SignInResult(null, lockedUntil);
        }

        state.State.PasswordHash = hasher.HashPassword(state.State, newPassword);
        state.State.SecurityStamp = UserRules.NewSecurityStamp();
        await this.WriteAuditedAsync(state, AuditEntries.PasswordChanged(clock.UtcNow, requestedBy, this.GetPrimaryKeyString()), state.WriteStateAsync, logger);
        return new SignInResult(View(), null);
    }

    public async Task<UserView?> SignOutEverywhereAsync(Actor requestedBy)
    {
        if (state.State.Name is null)
        {
            return null;
        }

        state.State.SecurityStamp = UserRules.NewSecurityStamp();
        await this.WriteAuditedAsync(state, AuditEntries.SignedOutEverywhere(clock.UtcNow, requestedBy, this.GetPrimaryKeyString()), state.WriteStateAsync, logger);
        return View();
    }

    /// <summary>Checks a password against the hash and keeps the count of wrong ones in a row; a locked account fails without checking.</summary>
    private async Task<(PasswordVerificationResult Verified, DateTimeOffset? LockedUntil)> VerifyAsync(string password)
    {
        if (state.State.PasswordHash is not { } hash)
        {
            return (PasswordVerificationResult.Failed, null);
        }

        var now = clock.UtcNow;
        if (state.State.LockedUntil is { } lockedUntil && now < lockedUntil)
        {
            return (PasswordVerificationResult.Failed, lockedUntil);
        }

        var verified = hasher.VerifyHashedPassword(state.State, hash, password);
        if (verified == PasswordVerificationResult.Failed)
        {
            state.State.FailedSignIns++;
            if (state.State.FailedSignIns >= UserRules.MaxFailedSignIns)
            {
                state.State.FailedSignIns = 0;
                state.State.LockedUntil = now + UserRules.LockoutPeriod;
            }

            await state.WriteStateAsync();
            return (verified, state.State.LockedUntil > now ? state.State.LockedUntil : null);
        }

        if (state.State.FailedSignIns > 0 || state.State.LockedUntil is not null)
        {
            state.State.FailedSignIns = 0;
            state.State.LockedUntil = null;
            await state.WriteStateAsync();
        }

        return (verified, null);
    }

    public async Task JoinOrgAsync(string orgId)
    {
        if (state.State.Name is null || state.State.OrgIds.Contains(orgId, StringComparer.Ordinal))
        {
            return;
        }

        state.State.OrgIds.Add(orgId);
        await state.WriteStateAsync();
    }

    public async Task LeaveOrgAsync(string orgId)
    {
        if (state.State.OrgIds.Remove(orgId))
        {
            await state.WriteStateAsync();
        }
    }

    private UserView? View() => state.State.Name is { } name
        ? new UserView(this.GetPrimaryKeyString(), name, state.State.IsPlatformAdmin, [.. state.State.OrgIds], state.State.CreatedAt, state.State.SecurityStamp)
        : null;
}

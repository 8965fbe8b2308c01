using GameOps.Grains;
using GameOps.Grains.Audit;
using GameOps.Grains.Hosts;
using GameOps.Grains.Identity;
using GameOps.Grains.Platform;
using Orleans.Storage;

namespace GameOps.Silo.Tests.Storage;

/// <summary>
/// The identity grains' states through each store as the grains write them: accounts with their password hash, lockout
/// and security stamp, API keys, invites, user names, host enrolment, and the platform's audit entries stored in the
/// same write. Each store subclasses this with its fixture.
/// </summary>
public abstract class IdentityStorageContractTests
{
    private static readonly Actor Setup = new(ActorKind.Api, "setup", "127.0.0.1");

    private readonly DateTimeOffset _now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    protected abstract IGrainStorage Storage { get; }

    protected abstract IAuditLog Log { get; }

    [Fact]
    public async Task Account_keeps_its_hash_lockout_orgs_and_stamp_and_its_creation_is_in_the_platform_log_only()
    {
        var userId = UserRules.NewUserId();
        var account = new UserState
        {
            Name = "alice",
            PasswordHash = "AQAAAAIAAYagAAAAEHash",
            IsPlatformAdmin = true,
            OrgIds = ["default", "org-b"],
            CreatedAt = _now,
            FailedSignIns = 3,
            LockedUntil = _now.AddMinutes(15),
            SecurityStamp = UserRules.NewSecurityStamp(),
        };
        var created = AuditEntries.AccountCreated(_now, Setup, userId, "alice", isPlatformAdmin: true);
        ((IAuditedState)account).UnwrittenAudit.Add(created);

        var read = await RoundTripAsync("user", userId, account);

        Assert.Equivalent(account, read.State);
        Assert.Equal(account.SecurityStamp, read.State.SecurityStamp);
        Assert.Equal([created], (await Log.ListAsync(new AuditQuery(AuditEntries.PlatformLog, 10))).Entries);
        Assert.Empty((await Log.ListAsync(new AuditQuery("default", 10))).Entries);
    }

    [Fact]
    public async Task Changed_stamp_replaces_the_stored_one()
    {
        var userId = UserRules.NewUserId();
        var state = new TestGrainState<UserState> { State = new UserState { Name = "bob", SecurityStamp = UserRules.NewSecurityStamp() } };
        await Storage.WriteStateAsync("user", GrainId.Create("user", userId), state).WithTimeout();

        state.State.SecurityStamp = UserRules.NewSecurityStamp();
        await Storage.WriteStateAsync("user", GrainId.Create("user", userId), state).WithTimeout();
        var read = new TestGrainState<UserState>();
        await Storage.ReadStateAsync("user", GrainId.Create("user", userId), read).WithTimeout();

        Assert.Equal(state.State.SecurityStamp, read.State.SecurityStamp);
        Assert.Equal(state.ETag, read.ETag);
    }

    [Fact]
    public async Task Api_key_keeps_its_org_role_hash_expiry_revocation_and_last_use()
    {
        var key = new ApiKeyState
        {
            OrgId = "org-a", Role = OrgRole.Operator, KeyHash = Hash(1), ExpiresAt = _now.AddDays(90), Revoked = true, LastUsedAt = _now,
        };

        var read = await RoundTripAsync("api-key", Guid.NewGuid().ToString("N"), key);

        Assert.Equivalent(key, read.State);
    }

    [Fact]
    public async Task Invite_and_user_name_keep_what_redeeming_and_signing_in_read()
    {
        var invite = new InviteState { OrgId = "org-a", Role = OrgRole.Viewer, TokenHash = Hash(2), ExpiresAt = _now.AddHours(72), Spent = true };
        var name = new UserNameState { UserId = UserRules.NewUserId() };

        var readInvite = await RoundTripAsync("invite", Guid.NewGuid().ToString("N"), invite);
        var readName = await RoundTripAsync("user-name", UserRules.Normalize("Alice"), name);

        Assert.Equivalent(invite, readInvite.State);
        Assert.Equal(name.UserId, readName.State.UserId);
    }

    [Fact]
    public async Task Host_keeps_its_pending_enrolment_spent_tokens_and_credential_hash()
    {
        var host = new HostState
        {
            OrgId = "org-a",
            Name = "Box",
            CredentialHash = Hash(3),
            Enrolment = new PendingEnrolment(Hash(4), _now.AddHours(1)),
            SpentEnrolmentTokens = [Hash(5), Hash(6)],
        };

        var read = await RoundTripAsync("host", HostRules.NewHostId(), host);

        Assert.Equal(host.CredentialHash, read.State.CredentialHash);
        Assert.Equal(host.Enrolment.TokenHash, read.State.Enrolment!.TokenHash);
        Assert.Equal(host.Enrolment.ExpiresAt, read.State.Enrolment.ExpiresAt);
        Assert.Equal(host.SpentEnrolmentTokens, read.State.SpentEnrolmentTokens);
    }

    [Fact]
    public async Task Platform_setup_and_rotation_are_stored_with_their_entries()
    {
        var platform = new PlatformState { AdminKeyHash = Hash(7), SetupComplete = true, ProtectedSigningKey = [1, 2, 3] };
        var setup = AuditEntries.SetupCompleted(_now, Setup);
        var rotated = AuditEntries.AdminKeyRotated(_now.AddMinutes(1), new Actor(ActorKind.Api, "platform-admin"));
        ((IAuditedState)platform).UnwrittenAudit.AddRange([setup, rotated]);

        var read = await RoundTripAsync("platform", "0", platform);

        Assert.Equivalent(platform, read.State);
        Assert.Equal([rotated, setup], (await Log.ListAsync(new AuditQuery(AuditEntries.PlatformLog, 10))).Entries);
    }

    private async Task<TestGrainState<TState>> RoundTripAsync<TState>(string grainType, string key, TState state)
        where TState : new()
    {
        var grainId = GrainId.Create(grainType, key);
        await Storage.WriteStateAsync(grainType, grainId, new TestGrainState<TState> { State = state }).WithTimeout();
        var read = new TestGrainState<TState>();
        await Storage.ReadStateAsync(grainType, grainId, read).WithTimeout();
        Assert.True(read.RecordExists);
        return read;
    }

    private static byte[] Hash(byte seed) => Enumerable.Repeat(seed, 32).ToArray();
}

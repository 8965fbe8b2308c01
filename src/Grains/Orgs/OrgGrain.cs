using System.Collections.Immutable;
using GameOps.Grains.Audit;
using GameOps.Grains.Identity;
using Microsoft.Extensions.Logging;

namespace GameOps.Grains.Orgs;

public sealed class OrgGrain(
    [PersistentState("org", StorageNames.GameOps)] IPersistentState<OrgState> state,
    IGrainFactory grains,
    IDomainClock clock,
    ILogger<OrgGrain> logger)
    : Grain, IOrgGrain
{
    private string OrgId => this.GetPrimaryKeyString();

    public async Task AddHostAsync(string hostId)
    {
        if (state.State.HostIds.Contains(hostId, StringComparer.Ordinal))
        {
            return;
        }

        state.State.HostIds.Add(hostId);
        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<string>> ListHostIdsAsync() =>
        Task.FromResult<IReadOnlyList<string>>([.. state.State.HostIds]);

    public Task<OrgView?> GetAsync() => Task.FromResult(state.State.Org);

    public async Task<bool> CreateAsync(string name, string ownerUserId, Actor requestedBy)
    {
        if (OrgRules.ValidateName(name) is { } problem)
        {
            throw new ArgumentException(problem, nameof(name));
        }

        if (state.State.Org is not null)
        {
            return false;
        }

        var now = clock.UtcNow;
        state.State.Org = new OrgView(OrgId, name, now);
        state.State.Members[ownerUserId] = new OrgMember(ownerUserId, OrgRole.Owner, ImmutableDictionary<string, ServerPermissions>.Empty, now);
        var created = AuditEntries.OrgCreated(OrgId, now, requestedBy, name, ownerUserId);
        await this.WriteAuditedAsync(state, [created, AuditEntries.OrgCreatedOnPlatform(created)], state.WriteStateAsync, logger);
        return true;
    }

    public Task<OrgMember?> GetMemberAsync(string userId) =>
        Task.FromResult(state.State.Members.GetValueOrDefault(userId));

    public Task<IReadOnlyList<OrgMember>> ListMembersAsync() =>
        Task.FromResult<IReadOnlyList<OrgMember>>([.. state.State.Members.Values.OrderBy(m => m.Since).ThenBy(m => m.UserId, StringComparer.Ordinal)]);

    public async Task<OrgMember> SetMemberAsync(SetMember request)
    {
        var before = state.State.Members.GetValueOrDefault(request.UserId);
        if (OrgRules.RefuseGiving(request.CallerRole, request.Role) is { } refusal)
        {
            throw new OrgRuleException(refusal);
        }

        if (before is { Role: OrgRole.Owner } && request.CallerRole is { } caller && caller != OrgRole.Owner)
        {
            throw new OrgRuleException($"A {caller} cannot change an Owner; only an Owner can.");
        }

        if (before is { Role: OrgRole.Owner } && request.Role != OrgRole.Owner && OwnerCount() == 1)
        {
            throw new OrgRuleException("The org's last Owner cannot be given another role: make another member Owner first.");
        }

        var now = clock.UtcNow;
        var member = new OrgMember(request.UserId, request.Role, request.Servers, before?.Since ?? now);
        state.State.Members[request.UserId] = member;
        await this.WriteAuditedAsync(state, AuditEntries.MemberSet(OrgId, now, request.RequestedBy, member, before?.Role), state.WriteStateAsync, logger);
        return member;
    }

    public async Task<bool> RemoveMemberAsync(string userId, OrgRole? callerRole, Actor requestedBy)
    {
        if (state.State.Members.GetValueOrDefault(userId) is not { } member)
        {
            return false;
        }

        if (member.Role == OrgRole.Owner && callerRole is { } caller && caller != OrgRole.Owner)
        {
            throw new OrgRuleException($"A {caller} cannot remove an Owner; only an Owner can.");
        }

        if (member.Role == OrgRole.Owner && OwnerCount() == 1)
        {
            throw new OrgRuleException("The org's last Owner cannot be removed: make another member Owner first.");
        }

        state.State.Members.Remove(userId);
        await this.WriteAuditedAsync(state, AuditEntries.MemberRemoved(OrgId, clock.UtcNow, requestedBy, member), state.WriteStateAsync, logger);
        return true;
    }

    public async Task<ApiKeyView> AddApiKeyAsync(AddApiKey request)
    {
        if (state.State.ApiKeys.Count >= OrgRules.MaxApiKeys)
        {
            throw new OrgRuleException($"An org keeps at most {OrgRules.MaxApiKeys} API keys, revoked ones included.");
        }

        // Issued before it is listed: a key the org lists always works, and a crash in between leaves only an unlisted key nobody holds.
        await grains.GetGrain<IApiKeyGrain>(request.KeyId).IssueAsync(new IssueApiKey(OrgId, request.Role, request.KeyHash, request.ExpiresAt));
        var key = new ApiKeyView(request.KeyId, request.Name, request.Role, clock.UtcNow, request.ExpiresAt, null, null, request.RequestedBy.Id);
        state.State.ApiKeys.Add(key);
        await this.WriteAuditedAsync(state, AuditEntries.ApiKeyCreated(OrgId, request.RequestedBy, key), state.WriteStateAsync, logger);
        return key;
    }

    public async Task<IReadOnlyList<ApiKeyView>> ListApiKeysAsync()
    {
        var lastUsed = await Task.WhenAll(state.State.ApiKeys.Select(k => grains.GetGrain<IApiKeyGrain>(k.Id).GetLastUsedAsync()));
        return [.. state.State.ApiKeys.Select((key, i) => key with { LastUsedAt = lastUsed[i] })];
    }

    public async Task<bool> RevokeApiKeyAsync(string keyId, Actor requestedBy)
    {
        var index = state.State.ApiKeys.FindIndex(k => k.Id == keyId);
        if (index < 0)
        {
            return false;
        }

        await grains.GetGrain<IApiKeyGrain>(keyId).RevokeAsync();
        var key = state.State.ApiKeys[index];
        if (key.RevokedAt is not null)
        {
            return true;
        }

        var now = clock.UtcNow;
        state.State.ApiKeys[index] = key with { RevokedAt = now };
        await this.WriteAuditedAsync(state, AuditEntries.ApiKeyRevoked(OrgId, now, requestedBy, key), state.WriteStateAsync, logger);
        return true;
    }

    public async Task<InviteView> AddInviteAsync(string inviteId, OrgRole role, TimeSpan validFor, byte[] tokenHash, Actor requestedBy)
    {
        var now = clock.UtcNow;
        state.State.Invites.RemoveAll(i => i.ExpiresAt <= now);
        if (state.State.Invites.Count >= OrgRules.MaxApiKeys)
        {
            throw new OrgRuleException($"An org has at most {OrgRules.MaxApiKeys} invites pending.");
        }

        var invite = new InviteView(inviteId, role, now, now + validFor, requestedBy.Id);
        await grains.GetGrain<IInviteGrain>(inviteId).IssueAsync(OrgId, role, tokenHash, invite.ExpiresAt);
        state.State.Invites.Add(invite);
        await this.WriteAuditedAsync(state, AuditEntries.InviteCreated(OrgId, requestedBy, invite), state.WriteStateAsync, logger);
        return invite;
    }

    public Task<IReadOnlyList<InviteView>> ListInvitesAsync()
    {
        var now = clock.UtcNow;
        return Task.FromResult<IReadOnlyList<InviteView>>([.. state.State.Invites.Where(i => i.ExpiresAt > now)]);
    }

    public async Task<bool> RevokeInviteAsync(string inviteId, Actor requestedBy)
    {
        if (state.State.Invites.Find(i => i.Id == inviteId) is not { } invite)
        {
            return false;
        }

        await grains.GetGrain<IInviteGrain>(inviteId).RevokeAsync();
        state.State.Invites.Remove(invite);
        await this.WriteAuditedAsync(state, AuditEntries.InviteRevoked(OrgId, clock.UtcNow, requestedBy, invite), state.WriteStateAsync, logger);
        return true;
    }

    public async Task<OrgMember> AcceptInviteAsync(InviteGrant grant, string userId, Actor acceptedBy)
    {
        if (grant.OrgId != OrgId)
        {
            throw new ArgumentException("The invite is another org's.", nameof(grant));
        }

        var now = clock.UtcNow;
        var before = state.State.Members.GetValueOrDefault(userId);
        var member = before is not null && before.Role >= grant.Role
            ? before
            : new OrgMember(userId, grant.Role, before?.Servers ?? ImmutableDictionary<string, ServerPermissions>.Empty, before?.Since ?? now);
        state.State.Members[userId] = member;
        state.State.Invites.RemoveAll(i => i.Id == grant.InviteId);
        await this.WriteAuditedAsync(state, AuditEntries.MemberSet(OrgId, now, acceptedBy, member, before?.Role), state.WriteStateAsync, logger);
        return member;
    }

    private int OwnerCount() => state.State.Members.Values.Count(m => m.Role == OrgRole.Owner);
}

using GameOps.Grains.Identity;

namespace GameOps.Grains.Orgs;

/// <summary>A tenant, keyed by org id: its hosts, members with their roles and per-server grants, and its API keys.</summary>
[Alias("GameOps.IOrgGrain")]
public interface IOrgGrain : IGrainWithStringKey
{
    [Alias("AddHost")]
    Task AddHostAsync(string hostId);

    [Alias("ListHostIds")]
    Task<IReadOnlyList<string>> ListHostIdsAsync();

    /// <summary>The org's name and creation time; null until it is created (the default org is created by setup).</summary>
    [Alias("Get")]
    Task<OrgView?> GetAsync();

    /// <summary>Creates the org with its first Owner; false when it already exists.</summary>
    [Alias("Create")]
    Task<bool> CreateAsync(string name, string ownerUserId, Actor requestedBy);

    /// <summary>The user's membership, or null when they are not a member.</summary>
    [Alias("GetMember")]
    Task<OrgMember?> GetMemberAsync(string userId);

    [Alias("ListMembers")]
    Task<IReadOnlyList<OrgMember>> ListMembersAsync();

    /// <summary>Adds the user or changes their role and grants; an Admin can neither make nor change an Owner (<see cref="OrgRuleException"/>).</summary>
    [Alias("SetMember")]
    Task<OrgMember> SetMemberAsync(SetMember request);

    /// <summary>False when the user is not a member; the last Owner cannot be removed (<see cref="OrgRuleException"/>).</summary>
    [Alias("RemoveMember")]
    Task<bool> RemoveMemberAsync(string userId, OrgRole? callerRole, Actor requestedBy);

    /// <summary>Records a new key and issues it to its own grain.</summary>
    [Alias("AddApiKey")]
    Task<ApiKeyView> AddApiKeyAsync(AddApiKey request);

    [Alias("ListApiKeys")]
    Task<IReadOnlyList<ApiKeyView>> ListApiKeysAsync();

    /// <summary>Records a new invite and issues it to its own grain; the org lists it until it is used, revoked or expired.</summary>
    [Alias("AddInvite")]
    Task<InviteView> AddInviteAsync(string inviteId, OrgRole role, TimeSpan validFor, byte[] tokenHash, Actor requestedBy);

    [Alias("ListInvites")]
    Task<IReadOnlyList<InviteView>> ListInvitesAsync();

    /// <summary>Revokes an unused invite; false when the org has no such invite pending.</summary>
    [Alias("RevokeInvite")]
    Task<bool> RevokeInviteAsync(string inviteId, Actor requestedBy);

    /// <summary>Adds the user who redeemed an invite of this org with its role (an existing member keeps the higher role).</summary>
    [Alias("AcceptInvite")]
    Task<OrgMember> AcceptInviteAsync(InviteGrant grant, string userId, Actor acceptedBy);

    /// <summary>Revokes the key at once; false when the org has no key with this id (revoking twice is true).</summary>
    [Alias("RevokeApiKey")]
    Task<bool> RevokeApiKeyAsync(string keyId, Actor requestedBy);
}

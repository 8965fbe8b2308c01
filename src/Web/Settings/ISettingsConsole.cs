using System.Security.Claims;
using GameOps.Grains.Identity;
using GameOps.Web.Shell;

namespace GameOps.Web.Settings;

/// <summary>
/// What the settings page reads and changes in an org, implemented by the silo in-process with the REST endpoints'
/// own code and checks (members.read, members.manage, api-keys.manage; nobody gives more than their own role). A
/// refusal throws <see cref="ConsoleRefusedException"/>, bad values <see cref="ConsoleFieldsException"/>.
/// </summary>
public interface ISettingsConsole
{
    Task<SettingsAbilities> AbilitiesAsync(ClaimsPrincipal user, string orgId);

    /// <summary>A page of the org's members, oldest first, as <c>GET /api/v1/orgs/{orgId}/members</c> pages them.</summary>
    Task<ConsolePage<MemberRow>> ListMembersAsync(ClaimsPrincipal user, string orgId, string? cursor, int limit);

    /// <summary>Changes the member's role; their per-server grants stay.</summary>
    Task<MemberRow> SetRoleAsync(ClaimsPrincipal user, string orgId, string userId, OrgRole role);

    /// <summary>
    /// Replaces the member's per-server grants (their role stays), as PUT /api/v1/orgs/{orgId}/members/{userId} does:
    /// nobody grants on a server what they may not do there themselves.
    /// </summary>
    Task<MemberRow> SetServerGrantsAsync(ClaimsPrincipal user, string orgId, string userId, IReadOnlyDictionary<string, ServerPermissions> servers);

    Task RemoveMemberAsync(ClaimsPrincipal user, string orgId, string userId);

    /// <summary>A page of the invites not yet used, revoked or expired, oldest first, as <c>GET /api/v1/orgs/{orgId}/invites</c> pages them.</summary>
    Task<ConsolePage<InviteView>> ListInvitesAsync(ClaimsPrincipal user, string orgId, string? cursor, int limit);

    /// <summary>Makes a one-time invite; its token is in this answer only.</summary>
    Task<NewSecret<InviteView>> CreateInviteAsync(ClaimsPrincipal user, string orgId, OrgRole role, int? expiresInHours);

    Task RevokeInviteAsync(ClaimsPrincipal user, string orgId, string inviteId);

    /// <summary>A page of the org's API keys, oldest first, as <c>GET /api/v1/orgs/{orgId}/api-keys</c> pages them.</summary>
    Task<ConsolePage<ApiKeyView>> ListApiKeysAsync(ClaimsPrincipal user, string orgId, string? cursor, int limit);

    /// <summary>Makes an API key; the key is in this answer only.</summary>
    Task<NewSecret<ApiKeyView>> CreateApiKeyAsync(ClaimsPrincipal user, string orgId, string name, OrgRole role, int? expiresInDays);

    Task RevokeApiKeyAsync(ClaimsPrincipal user, string orgId, string keyId);
}

using GameOps.Grains.Identity;
using GameOps.Grains.Orgs;
using GameOps.Silo.Api;

namespace GameOps.Silo.Orgs;

/// <summary>
/// The org's members, invites and API keys a page at a time, oldest first, for the org endpoints
/// (<c>GET /api/v1/orgs/{orgId}/members</c>, <c>…/invites</c>, <c>…/api-keys</c>) and the web console's settings page alike.
/// </summary>
public static class OrgLists
{
    public static async Task<(OrgMember[] Items, string? NextCursor)> MembersAsync(IGrainFactory grains, string orgId, ListPage page) =>
        page.OfUnordered(await grains.GetGrain<IOrgGrain>(orgId).ListMembersAsync(), m => m.UserId, m => m.Since);

    /// <summary>The invites not yet used, revoked or expired.</summary>
    public static async Task<(InviteView[] Items, string? NextCursor)> InvitesAsync(IGrainFactory grains, string orgId, ListPage page) =>
        page.OfUnordered(await grains.GetGrain<IOrgGrain>(orgId).ListInvitesAsync(), i => i.Id, i => i.CreatedAt);

    public static async Task<(ApiKeyView[] Items, string? NextCursor)> ApiKeysAsync(IGrainFactory grains, string orgId, ListPage page) =>
        page.OfUnordered(await grains.GetGrain<IOrgGrain>(orgId).ListApiKeysAsync(), k => k.Id, k => k.CreatedAt);
}

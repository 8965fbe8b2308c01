using System.Collections.Immutable;
using System.Security.Claims;
using GameOps.Grains;
using GameOps.Grains.Identity;
using GameOps.Grains.Orgs;
using GameOps.Silo.Orgs;
using GameOps.Silo.Security;
using GameOps.Silo.Security.Authorization;
using GameOps.Web.Settings;
using GameOps.Web.Shell;

namespace GameOps.Silo.WebConsole;

/// <summary>
/// The settings page's reads and changes, in-process, through the org endpoints' own code: their checks of a new invite
/// or key, <see cref="OrgRules.RefuseGiving"/>, and the cores that make members, invites and keys.
/// </summary>
public sealed class SiloSettingsConsole(IGrainFactory grains, WebConsoleAccess access, IDomainClock clock) : ISettingsConsole
{
    public async Task<SettingsAbilities> AbilitiesAsync(ClaimsPrincipal user, string orgId)
    {
        var read = await access.AllowsAsync(user, orgId, Permission.MembersRead);
        if (!read)
        {
            return SettingsAbilities.None;
        }

        var role = (await access.RequireAsync(user, orgId, Permission.MembersRead)).Role;
        return new SettingsAbilities(
            read, await access.AllowsAsync(user, orgId, Permission.MembersManage), await access.AllowsAsync(user, orgId, Permission.ApiKeysManage), role);
    }

    public async Task<ConsolePage<MemberRow>> ListMembersAsync(ClaimsPrincipal user, string orgId, string? cursor, int limit)
    {
        await access.RequireAsync(user, orgId, Permission.MembersRead);
        var (members, next) = await OrgLists.MembersAsync(grains, orgId, ConsoleListPage.Read(cursor, limit));
        return new ConsolePage<MemberRow>(await Task.WhenAll(members.Select(RowAsync)), next);
    }

    public async Task<MemberRow> SetRoleAsync(ClaimsPrincipal user, string orgId, string userId, OrgRole role)
    {
        var caller = await access.RequireAsync(user, orgId, Permission.MembersManage);
        Refuse(OrgRules.RefuseGiving(caller.Role, role));
        var org = grains.GetGrain<IOrgGrain>(orgId);
        var member = await org.GetMemberAsync(userId) ?? throw new ConsoleInputException($"User '{userId}' is not a member of this org.");
        return await SaveAsync(user, orgId, new SetMember(userId, role, member.Servers, caller.Role, WebConsoleAccess.ActorOf(user)));
    }

    public async Task<MemberRow> SetServerGrantsAsync(ClaimsPrincipal user, string orgId, string userId, IReadOnlyDictionary<string, ServerPermissions> servers)
    {
        var caller = await access.RequireAsync(user, orgId, Permission.MembersManage);
        var member = await grains.GetGrain<IOrgGrain>(orgId).GetMemberAsync(userId) ?? throw new ConsoleInputException($"User '{userId}' is not a member of this org.");
        ThrowIfInvalid(OrgEndpoints.CheckServerKeys(servers.Keys));
        return await SaveAsync(user, orgId, new SetMember(userId, member.Role, servers.ToImmutableDictionary(StringComparer.Ordinal), caller.Role, WebConsoleAccess.ActorOf(user)));
    }

    private async Task<MemberRow> SaveAsync(ClaimsPrincipal user, string orgId, SetMember change)
    {
        var saved = await RuledAsync(() => OrgEndpoints.SaveMemberAsync(grains, orgId, change, user.GetUserId()))
            ?? throw new ConsoleInputException($"User '{change.UserId}' does not exist.");
        return await RowAsync(saved);
    }

    public async Task RemoveMemberAsync(ClaimsPrincipal user, string orgId, string userId)
    {
        var caller = await access.RequireAsync(user, orgId, Permission.MembersManage);
        if (!await RuledAsync(() => OrgEndpoints.RemoveFromOrgAsync(grains, orgId, userId, caller.Role, WebConsoleAccess.ActorOf(user))))
        {
            throw new ConsoleInputException($"User '{userId}' is not a member of this org.");
        }
    }

    public async Task<ConsolePage<InviteView>> ListInvitesAsync(ClaimsPrincipal user, string orgId, string? cursor, int limit)
    {
        await access.RequireAsync(user, orgId, Permission.MembersManage);
        var (invites, next) = await OrgLists.InvitesAsync(grains, orgId, ConsoleListPage.Read(cursor, limit));
        return new ConsolePage<InviteView>(invites, next);
    }

    public async Task<NewSecret<InviteView>> CreateInviteAsync(ClaimsPrincipal user, string orgId, OrgRole role, int? expiresInHours)
    {
        var caller = await access.RequireAsync(user, orgId, Permission.MembersManage);
        var request = new CreateInviteRequest(role, expiresInHours);
        ThrowIfInvalid(InviteEndpoints.CheckInvite(request));
        Refuse(OrgRules.RefuseGiving(caller.Role, role));
        var created = await InviteEndpoints.IssueInviteAsync(grains, orgId, request, WebConsoleAccess.ActorOf(user));
        return new NewSecret<InviteView>(created.Invite, created.Token);
    }

    public async Task RevokeInviteAsync(ClaimsPrincipal user, string orgId, string inviteId)
    {
        await access.RequireAsync(user, orgId, Permission.MembersManage);
        if (!await grains.GetGrain<IOrgGrain>(orgId).RevokeInviteAsync(inviteId, WebConsoleAccess.ActorOf(user)))
        {
            throw new ConsoleInputException($"Invite '{inviteId}' is not pending.");
        }
    }

    public async Task<ConsolePage<ApiKeyView>> ListApiKeysAsync(ClaimsPrincipal user, string orgId, string? cursor, int limit)
    {
        await access.RequireAsync(user, orgId, Permission.ApiKeysManage);
        var (keys, next) = await OrgLists.ApiKeysAsync(grains, orgId, ConsoleListPage.Read(cursor, limit));
        return new ConsolePage<ApiKeyView>(keys, next);
    }

    public async Task<NewSecret<ApiKeyView>> CreateApiKeyAsync(ClaimsPrincipal user, string orgId, string name, OrgRole role, int? expiresInDays)
    {
        var caller = await access.RequireAsync(user, orgId, Permission.ApiKeysManage);
        var request = new CreateApiKeyRequest(name, role, expiresInDays);
        ThrowIfInvalid(OrgEndpoints.CheckApiKey(request));
        Refuse(OrgRules.RefuseGiving(caller.Role, role));
        var created = await OrgEndpoints.IssueApiKeyAsync(grains, clock, orgId, request, WebConsoleAccess.ActorOf(user));
        return new NewSecret<ApiKeyView>(created.ApiKey, created.Key);
    }

    public async Task RevokeApiKeyAsync(ClaimsPrincipal user, string orgId, string keyId)
    {
        await access.RequireAsync(user, orgId, Permission.ApiKeysManage);
        if (!await grains.GetGrain<IOrgGrain>(orgId).RevokeApiKeyAsync(keyId, WebConsoleAccess.ActorOf(user)))
        {
            throw new ConsoleInputException($"API key '{keyId}' does not exist.");
        }
    }

    private async Task<MemberRow> RowAsync(OrgMember member) => new(
        member.UserId, (await grains.GetGrain<IUserGrain>(member.UserId).GetAsync())?.Name ?? member.UserId, member.Role, member.Since,
        member.Servers, RolePermissions.OnEveryServer(member.Role));

    /// <summary>The org's own rules (the last Owner stays, nobody changes someone above them) refuse as the API's 403 does.</summary>
    private static async Task<T> RuledAsync<T>(Func<Task<T>> change)
    {
        try
        {
            return await change();
        }
        catch (OrgRuleException e)
        {
            throw new ConsoleRefusedException(e.Message);
        }
    }

    private static void Refuse(string? refusal)
    {
        if (refusal is not null)
        {
            throw new ConsoleRefusedException(refusal);
        }
    }

    private static void ThrowIfInvalid(Dictionary<string, string[]> errors)
    {
        if (errors.Count > 0)
        {
            throw new ConsoleFieldsException(errors);
        }
    }
}

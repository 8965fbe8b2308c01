using System.Collections.Immutable;
using System.Security.Claims;
using GameOps.Grains.Identity;
using GameOps.Web.Settings;
using GameOps.Web.Shell;

namespace GameOps.Web.Tests.Settings;

/// <summary>The silo's side of the settings page as a test sets it up.</summary>
public sealed class FakeSettingsConsole : ISettingsConsole
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    public SettingsAbilities Abilities { get; set; } = new(MembersRead: true, MembersManage: true, ApiKeysManage: true, OrgRole.Admin);

    public List<MemberRow> Members { get; } = [];

    public List<InviteView> Invites { get; } = [];

    public List<ApiKeyView> Keys { get; } = [];

    public List<string> Calls { get; } = [];

    /// <summary>How many items a page holds; the cursor is the index of the next one.</summary>
    public int PageSize { get; set; } = 50;

    /// <summary>The cursor of each page read, by list.</summary>
    public List<(string List, string? Cursor)> Pages { get; } = [];

    private Task<ConsolePage<T>> PageOf<T>(string list, List<T> items, string? cursor)
    {
        Pages.Add((list, cursor));
        var skip = cursor is null ? 0 : int.Parse(cursor, System.Globalization.CultureInfo.InvariantCulture);
        var next = skip + PageSize < items.Count ? (skip + PageSize).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        return Task.FromResult(new ConsolePage<T>([.. items.Skip(skip).Take(PageSize)], next));
    }

    public Task<SettingsAbilities> AbilitiesAsync(ClaimsPrincipal user, string orgId) => Task.FromResult(Abilities);

    public Task<ConsolePage<MemberRow>> ListMembersAsync(ClaimsPrincipal user, string orgId, string? cursor, int limit) => PageOf("members", Members, cursor);

    public Task<MemberRow> SetRoleAsync(ClaimsPrincipal user, string orgId, string userId, OrgRole role)
    {
        Calls.Add($"role {userId} {role}");
        return Task.FromResult(Members.Single(m => m.UserId == userId) with { Role = role });
    }

    /// <summary>Set to refuse the next per-server change as the silo would.</summary>
    public string? RefuseGrants { get; set; }

    public Task<MemberRow> SetServerGrantsAsync(ClaimsPrincipal user, string orgId, string userId, IReadOnlyDictionary<string, ServerPermissions> servers)
    {
        if (RefuseGrants is { } refusal)
        {
            throw new ConsoleRefusedException(refusal);
        }

        Calls.Add($"servers {userId} {string.Join(";", servers.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}={s.Value}"))}");
        return Task.FromResult(Members.Single(m => m.UserId == userId) with { Servers = servers.ToImmutableDictionary() });
    }

    public Task RemoveMemberAsync(ClaimsPrincipal user, string orgId, string userId)
    {
        Calls.Add($"remove {userId}");
        return Task.CompletedTask;
    }

    public Task<ConsolePage<InviteView>> ListInvitesAsync(ClaimsPrincipal user, string orgId, string? cursor, int limit) => PageOf("invites", Invites, cursor);

    public Task<NewSecret<InviteView>> CreateInviteAsync(ClaimsPrincipal user, string orgId, OrgRole role, int? expiresInHours)
    {
        var invite = new InviteView($"inv{Invites.Count + 1}", role, At, At.AddHours(expiresInHours ?? 72), "ada");
        Invites.Add(invite);
        return Task.FromResult(new NewSecret<InviteView>(invite, $"goi_{invite.Id}.secret"));
    }

    public Task RevokeInviteAsync(ClaimsPrincipal user, string orgId, string inviteId) => Task.CompletedTask;

    public Task<ConsolePage<ApiKeyView>> ListApiKeysAsync(ClaimsPrincipal user, string orgId, string? cursor, int limit) => PageOf("keys", Keys, cursor);

    public Task<NewSecret<ApiKeyView>> CreateApiKeyAsync(ClaimsPrincipal user, string orgId, string name, OrgRole role, int? expiresInDays)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ConsoleFieldsException(new Dictionary<string, string[]> { ["name"] = ["A key's name is 1 to 100 printable characters."] });
        }

        var key = new ApiKeyView($"key{Keys.Count + 1}", name, role, At, null, null, null, "ada");
        Keys.Add(key);
        return Task.FromResult(new NewSecret<ApiKeyView>(key, $"gok_{key.Id}.secret"));
    }

    public Task RevokeApiKeyAsync(ClaimsPrincipal user, string orgId, string keyId) => Task.CompletedTask;
}

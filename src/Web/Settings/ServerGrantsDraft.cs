using System.Collections.Immutable;
using GameOps.Grains.Identity;

namespace GameOps.Web.Settings;

/// <summary>
/// A member's per-server grants as the settings page edits them before saving: a server added starts from what the
/// member's role gives (so adding one changes nothing until a box is ticked or cleared).
/// </summary>
public sealed class ServerGrantsDraft(MemberRow member)
{
    /// <summary>The permissions a grant holds, in the order the page shows them.</summary>
    public static readonly IReadOnlyList<(ServerPermissions Permission, string Label)> Permissions =
    [
        (ServerPermissions.ConsoleRead, "Read console"),
        (ServerPermissions.ConsoleSend, "Send to console"),
        (ServerPermissions.Power, "Power"),
        (ServerPermissions.Schedules, "Schedules"),
        (ServerPermissions.Alerts, "Alerts"),
    ];

    public MemberRow Member { get; } = member;

    public ImmutableSortedDictionary<string, ServerPermissions> Grants { get; private set; } =
        member.Servers.ToImmutableSortedDictionary(StringComparer.Ordinal);

    public bool IsChanged => !Grants.OrderBy(g => g.Key, StringComparer.Ordinal).SequenceEqual(Member.Servers.OrderBy(g => g.Key, StringComparer.Ordinal));

    public void Add(string serverKey)
    {
        if (!Grants.ContainsKey(serverKey))
        {
            Grants = Grants.Add(serverKey, Member.RoleGives);
        }
    }

    public void Remove(string serverKey) => Grants = Grants.Remove(serverKey);

    public void Set(string serverKey, ServerPermissions permission, bool allowed)
    {
        if (Grants.TryGetValue(serverKey, out var granted))
        {
            Grants = Grants.SetItem(serverKey, allowed ? granted | permission : granted & ~permission);
        }
    }
}

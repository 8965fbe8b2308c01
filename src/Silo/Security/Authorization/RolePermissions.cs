using System.Collections.Frozen;
using GameOps.Grains.Identity;

namespace GameOps.Silo.Security.Authorization;

/// <summary>
/// The one table of who may do what: each role's permissions, which permissions a per-server grant can change, and
/// their names. docs/security.md's roles table is generated from it (a test fails when they differ).
/// </summary>
public static class RolePermissions
{
    private static readonly Permission[] Viewer =
    [
        Permission.HostsRead, Permission.JobsRead, Permission.ConsoleRead, Permission.SchedulesRead, Permission.AlertsRead, Permission.PolicyRead,
        Permission.EventsRead, Permission.MembersRead,
    ];

    private static readonly Permission[] Operator =
    [
        .. Viewer, Permission.JobsSubmit, Permission.JobsCancel, Permission.ConsoleSend, Permission.Power, Permission.Schedules, Permission.Alerts,
    ];

    private static readonly Permission[] Admin =
    [
        .. Operator, Permission.HostsManage, Permission.PolicyWrite, Permission.AuditRead, Permission.MembersManage, Permission.ApiKeysManage,
    ];

    private static readonly FrozenDictionary<OrgRole, FrozenSet<Permission>> ByRole = new Dictionary<OrgRole, FrozenSet<Permission>>
    {
        [OrgRole.Viewer] = Viewer.ToFrozenSet(),
        [OrgRole.Operator] = Operator.ToFrozenSet(),
        [OrgRole.Admin] = Admin.ToFrozenSet(),

        // Owners hold what Admins do; what only they may do (make or change an Owner) the org itself enforces.
        [OrgRole.Owner] = Admin.ToFrozenSet(),
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<Permission, ServerPermissions> PerServer = new Dictionary<Permission, ServerPermissions>
    {
        [Permission.ConsoleRead] = ServerPermissions.ConsoleRead,
        [Permission.ConsoleSend] = ServerPermissions.ConsoleSend,
        [Permission.Power] = ServerPermissions.Power,
        [Permission.Schedules] = ServerPermissions.Schedules,
        [Permission.Alerts] = ServerPermissions.Alerts,
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<Permission, string> Names = new Dictionary<Permission, string>
    {
        [Permission.HostsRead] = "hosts.read",
        [Permission.HostsManage] = "hosts.manage",
        [Permission.JobsRead] = "jobs.read",
        [Permission.JobsSubmit] = "jobs.submit",
        [Permission.JobsCancel] = "jobs.cancel",
        [Permission.ConsoleRead] = "console.read",
        [Permission.ConsoleSend] = "console.send",
        [Permission.Power] = "power",
        [Permission.SchedulesRead] = "schedules.read",
        [Permission.Schedules] = "schedules",
        [Permission.AlertsRead] = "alerts.read",
        [Permission.Alerts] = "alerts",
        [Permission.PolicyRead] = "policy.read",
        [Permission.PolicyWrite] = "policy.write",
        [Permission.EventsRead] = "events.read",
        [Permission.AuditRead] = "audit.read",
        [Permission.MembersRead] = "members.read",
        [Permission.MembersManage] = "members.manage",
        [Permission.ApiKeysManage] = "api-keys.manage",
    }.ToFrozenDictionary();

    public static bool Allows(OrgRole role, Permission permission) => ByRole[role].Contains(permission);

    /// <summary>The per-server permission a grant on one server sets for <paramref name="permission"/>; None when grants do not touch it.</summary>
    public static ServerPermissions ServerScoped(Permission permission) => PerServer.GetValueOrDefault(permission);

    /// <summary>What <paramref name="role"/> gives on every server, before any per-server grant.</summary>
    public static ServerPermissions OnEveryServer(OrgRole role) =>
        PerServer.Where(p => Allows(role, p.Key)).Aggregate(ServerPermissions.None, (all, p) => all | p.Value);

    public static string NameOf(Permission permission) => Names[permission];

    public static bool TryParseServerPermission(string name, out ServerPermissions permission)
    {
        var match = PerServer.FirstOrDefault(p => Names[p.Key] == name);
        permission = match.Value;
        return match.Value != ServerPermissions.None;
    }

    /// <summary>The names of what a per-server grant holds, in the table's order.</summary>
    public static IEnumerable<string> NamesOf(ServerPermissions permissions) =>
        PerServer.Where(p => permissions.HasFlag(p.Value)).OrderBy(p => p.Value).Select(p => Names[p.Key]);
}

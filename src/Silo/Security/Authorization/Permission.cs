namespace GameOps.Silo.Security.Authorization;

/// <summary>
/// What an endpoint needs of its caller in the org it touches. Each endpoint declares one
/// (<see cref="PermissionEndpointExtensions.RequirePermission{TBuilder}"/>); <see cref="RolePermissions"/> says which
/// roles hold it; <see cref="OrgAccess"/> decides. The names are the ones docs/security.md shows.
/// </summary>
public enum Permission
{
    HostsRead,
    HostsManage,
    JobsRead,
    JobsSubmit,
    JobsCancel,
    ConsoleRead,
    ConsoleSend,
    Power,
    SchedulesRead,
    Schedules,
    AlertsRead,
    Alerts,
    PolicyRead,
    PolicyWrite,
    EventsRead,
    AuditRead,
    MembersRead,
    MembersManage,
    ApiKeysManage,
}

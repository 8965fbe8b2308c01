namespace GameOps.Web.Shell;

/// <summary>The permissions of the role table (docs/security.md) the console shows or hides actions by.</summary>
public sealed record OrgAbilities(bool HostsRead, bool HostsManage, bool JobsRead, bool AlertsRead, bool EventsRead)
{
    public static readonly OrgAbilities None = new(false, false, false, false, false);
}

using GameOps.Grains.Identity;

namespace GameOps.Web.Settings;

/// <param name="Role">The user's own role in the org, the most they can give; null for the platform admin, who is above every org.</param>
public sealed record SettingsAbilities(bool MembersRead, bool MembersManage, bool ApiKeysManage, OrgRole? Role)
{
    public static readonly SettingsAbilities None = new(false, false, false, OrgRole.Viewer);

    /// <summary>The roles the user can give: none above their own.</summary>
    public IEnumerable<OrgRole> GivableRoles => Enum.GetValues<OrgRole>().Where(r => Role is not { } own || r <= own);
}

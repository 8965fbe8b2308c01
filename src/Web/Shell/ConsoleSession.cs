using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;

namespace GameOps.Web.Shell;

/// <summary>
/// The signed-in user of a circuit (or of a prerender) and the org they act in. The org is only a choice among the user's
/// memberships: every <see cref="IOrgConsole"/> call checks it again.
/// </summary>
public sealed class ConsoleSession(AuthenticationStateProvider authentication, IOrgConsole console)
{
    public ClaimsPrincipal User { get; private set; } = new();

    public bool IsSignedIn => User.Identity?.IsAuthenticated == true;

    public IReadOnlyList<ConsoleOrg> Orgs { get; private set; } = [];

    public ConsoleOrg? Org { get; private set; }

    public OrgAbilities Abilities { get; private set; } = OrgAbilities.None;

    /// <summary>Reads the user and their orgs, and picks <paramref name="preferredOrgId"/> when they belong to it, else their first.</summary>
    public async Task LoadAsync(string? preferredOrgId = null)
    {
        User = (await authentication.GetAuthenticationStateAsync()).User;
        if (!IsSignedIn)
        {
            return;
        }

        Orgs = await console.ListOrgsAsync(User);
        if ((Orgs.FirstOrDefault(o => o.Id == preferredOrgId) ?? (Orgs.Count > 0 ? Orgs[0] : null)) is { } org)
        {
            await SwitchAsync(org.Id);
        }
    }

    public async Task SwitchAsync(string orgId)
    {
        var org = Orgs.FirstOrDefault(o => o.Id == orgId) ?? throw new ConsoleRefusedException($"You are not a member of org '{orgId}'.");
        Abilities = await console.AbilitiesAsync(User, org.Id);
        Org = org;
    }
}

using Bunit;
using GameOps.Grains.Identity;
using GameOps.Web.Settings;
using GameOps.Web.Tests.Shell;
using Microsoft.Extensions.DependencyInjection;

namespace GameOps.Web.Tests.Settings;

public sealed class SettingsPageTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_viewer_sees_the_members_and_their_roles_but_no_way_to_change_them_and_no_invites_or_keys()
    {
        var settings = new FakeSettingsConsole { Abilities = new SettingsAbilities(MembersRead: true, MembersManage: false, ApiKeysManage: false, OrgRole.Viewer) };
        settings.Members.AddRange([new MemberRow("u1", "ada", OrgRole.Owner, At), new MemberRow("u2", "vic", OrgRole.Viewer, At)]);
        await using var context = await CreateAsync(settings);

        var page = context.Render<SettingsPage>();

        page.WaitForElement("[data-testid=members]");
        Assert.Equal(["Owner", "Viewer"], page.FindAll("[data-testid=member-role-text]").Select(e => e.TextContent));
        Assert.Empty(page.FindAll("[data-testid=member-role]"));
        Assert.Empty(page.FindAll("[data-testid=remove-member]"));
        Assert.Empty(page.FindAll("[data-testid=invites]"));
        Assert.Empty(page.FindAll("[data-testid=api-keys]"));
    }

    [Fact]
    public async Task An_admin_can_change_and_remove_members_up_to_their_own_role_but_not_an_owner()
    {
        var settings = new FakeSettingsConsole();
        settings.Members.AddRange([new MemberRow("u1", "ada", OrgRole.Owner, At), new MemberRow("u2", "bob", OrgRole.Operator, At)]);
        await using var context = await CreateAsync(settings);

        var page = context.Render<SettingsPage>();

        page.WaitForElement("[data-testid=members]");
        Assert.Equal(["Owner"], page.FindAll("[data-testid=member-role-text]").Select(e => e.TextContent));
        Assert.Single(page.FindAll("[data-testid=remove-member]"));
        Assert.Equal([OrgRole.Viewer, OrgRole.Operator, OrgRole.Admin], settings.Abilities.GivableRoles);
        Assert.NotEmpty(page.FindAll("[data-testid=invites]"));
        Assert.NotEmpty(page.FindAll("[data-testid=api-keys]"));
    }

    [Fact]
    public void The_platform_admin_can_give_every_role() =>
        Assert.Equal(Enum.GetValues<OrgRole>(), new SettingsAbilities(MembersRead: true, MembersManage: true, ApiKeysManage: true, Role: null).GivableRoles);

    [Fact]
    public async Task A_new_api_key_is_shown_once_with_a_copy_button_and_a_missing_name_is_shown_at_the_field()
    {
        var settings = new FakeSettingsConsole();
        await using var context = await CreateAsync(settings);
        var page = context.Render<SettingsPage>();
        page.WaitForElement("[data-testid=keys-empty]");

        await page.Find("button[data-testid=create-key]").ClickAsync();
        Assert.Contains("1 to 100 printable characters", page.Find("[data-testid=api-keys]").TextContent, StringComparison.Ordinal);
        Assert.Empty(settings.Keys);

        page.Find("input[data-testid=key-name]").Input("ci");
        await page.Find("button[data-testid=create-key]").ClickAsync();

        Assert.Equal("gok_key1.secret", page.Find("[data-testid=api-key]").TextContent);
        Assert.NotNull(page.Find("[data-testid=copy-key]"));
        Assert.Contains("ci", page.Find("[data-key-id=key1]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_invite_shows_its_token_once()
    {
        var settings = new FakeSettingsConsole();
        await using var context = await CreateAsync(settings);
        var page = context.Render<SettingsPage>();
        page.WaitForElement("[data-testid=invites-empty]");

        await page.Find("button[data-testid=create-invite]").ClickAsync();

        Assert.Equal("goi_inv1.secret", page.Find("[data-testid=invite-token]").TextContent);
        Assert.Single(page.FindAll("[data-testid=revoke-invite]"));
    }

    private static Task<BunitContext> CreateAsync(FakeSettingsConsole settings) =>
        ConsoleTestContext.CreateAsync(new FakeOrgConsole(), services: services => services.AddSingleton<ISettingsConsole>(settings));
}

using System.Collections.Immutable;
using Bunit;
using GameOps.Grains.GameServers;
using GameOps.Grains.Hosts;
using GameOps.Web.Hosts;
using MudBlazor;
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
        settings.Members.AddRange([Member("u1", "ada", OrgRole.Owner), Member("u2", "vic", OrgRole.Viewer)]);
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
        settings.Members.AddRange([Member("u1", "ada", OrgRole.Owner), Member("u2", "bob", OrgRole.Operator)]);
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
    public async Task Members_come_a_page_at_a_time_and_more_members_reads_after_the_last_page()
    {
        var settings = new FakeSettingsConsole { PageSize = 2, Abilities = new SettingsAbilities(MembersRead: true, MembersManage: false, ApiKeysManage: false, OrgRole.Viewer) };
        settings.Members.AddRange([Member("u1", "ada", OrgRole.Owner), Member("u2", "bob", OrgRole.Viewer), Member("u3", "cyd", OrgRole.Viewer)]);
        await using var context = await CreateAsync(settings);
        var page = context.Render<SettingsPage>();
        page.WaitForAssertion(() => Assert.Equal(["u1", "u2"], page.FindAll("[data-user-id]").Select(e => e.GetAttribute("data-user-id"))));

        await page.ClickAsync("[data-testid=more-members]");

        page.WaitForAssertion(() => Assert.Equal(["u1", "u2", "u3"], page.FindAll("[data-user-id]").Select(e => e.GetAttribute("data-user-id"))));
        Assert.Equal([("members", null), ("members", "2")], settings.Pages);
        Assert.Empty(page.FindAll("[data-testid=more-members]"));
    }

    [Fact]
    public async Task Invites_come_a_page_at_a_time_and_more_invites_reads_after_the_last_page()
    {
        var settings = new FakeSettingsConsole { PageSize = 2 };
        settings.Invites.AddRange(Enumerable.Range(1, 3).Select(i => new InviteView($"inv{i}", OrgRole.Viewer, At, At.AddHours(72), "ada")));
        await using var context = await CreateAsync(settings);
        var page = context.Render<SettingsPage>();
        page.WaitForAssertion(() => Assert.Equal(["inv1", "inv2"], page.FindAll("[data-invite-id]").Select(e => e.GetAttribute("data-invite-id"))));

        await page.ClickAsync("[data-testid=more-invites]");

        page.WaitForAssertion(() => Assert.Equal(["inv1", "inv2", "inv3"], page.FindAll("[data-invite-id]").Select(e => e.GetAttribute("data-invite-id"))));
        Assert.Equal([("invites", null), ("invites", "2")], settings.Pages.Where(p => p.List == "invites"));
        Assert.Empty(page.FindAll("[data-testid=more-invites]"));
    }

    [Fact]
    public async Task Keys_come_a_page_at_a_time_and_more_keys_reads_after_the_last_page()
    {
        var settings = new FakeSettingsConsole { PageSize = 2 };
        settings.Keys.AddRange(Enumerable.Range(1, 3).Select(i => new ApiKeyView($"key{i}", $"Key {i}", OrgRole.Operator, At, null, null, null, "ada")));
        await using var context = await CreateAsync(settings);
        var page = context.Render<SettingsPage>();
        page.WaitForAssertion(() => Assert.Equal(["key1", "key2"], page.FindAll("[data-key-id]").Select(e => e.GetAttribute("data-key-id"))));

        await page.ClickAsync("[data-testid=more-keys]");

        page.WaitForAssertion(() => Assert.Equal(["key1", "key2", "key3"], page.FindAll("[data-key-id]").Select(e => e.GetAttribute("data-key-id"))));
        Assert.Equal([("keys", null), ("keys", "2")], settings.Pages.Where(p => p.List == "keys"));
        Assert.Empty(page.FindAll("[data-testid=more-keys]"));
    }

    [Fact]
    public async Task A_new_key_past_the_keys_read_comes_with_more_keys_once_and_one_made_with_all_shown_shows_last()
    {
        var settings = new FakeSettingsConsole { PageSize = 2 };
        settings.Keys.AddRange(Enumerable.Range(1, 3).Select(i => new ApiKeyView($"key{i}", $"Key {i}", OrgRole.Operator, At, null, null, null, "ada")));
        await using var context = await CreateAsync(settings);
        var page = context.Render<SettingsPage>();
        page.WaitForAssertion(() => Assert.Equal(["key1", "key2"], KeyIds(page)));

        page.Find("input[data-testid=key-name]").Input("ci");
        await page.ClickAsync("button[data-testid=create-key]");
        Assert.Equal(["key1", "key2"], KeyIds(page));
        await page.ClickAsync("[data-testid=more-keys]");
        page.WaitForAssertion(() => Assert.Equal(["key1", "key2", "key3", "key4"], KeyIds(page)));

        page.Find("input[data-testid=key-name]").Input("cd");
        await page.ClickAsync("button[data-testid=create-key]");

        Assert.Equal(["key1", "key2", "key3", "key4", "key5"], KeyIds(page));
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

        await page.ClickAsync("button[data-testid=create-key]");
        Assert.Contains("1 to 100 printable characters", page.Find("[data-testid=api-keys]").TextContent, StringComparison.Ordinal);
        Assert.Empty(settings.Keys);

        page.Find("input[data-testid=key-name]").Input("ci");
        await page.ClickAsync("button[data-testid=create-key]");

        Assert.Equal("gok_key1.secret", page.Find("[data-testid=api-key]").TextContent);
        Assert.NotNull(page.Find("[data-testid=copy-key]"));
        Assert.Contains("ci", page.Find("[data-key-id=key1]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_invite_shows_its_link_once_with_the_token_after_the_hash_and_its_expiry()
    {
        var settings = new FakeSettingsConsole();
        await using var context = await CreateAsync(settings);
        var page = context.Render<SettingsPage>();
        page.WaitForElement("[data-testid=invites-empty]");

        await page.ClickAsync("button[data-testid=create-invite]");

        // bUnit's base address: the link is the console's own /invite page with the token where no server sees it.
        Assert.Equal("http://localhost/invite#goi_inv1.secret", page.Find("[data-testid=invite-link]").TextContent);
        Assert.NotNull(page.Find("[data-testid=copy-invite]"));
        Assert.Contains("expires", page.Find("[data-testid=new-invite]").TextContent, StringComparison.Ordinal);
        Assert.Single(page.FindAll("[data-testid=revoke-invite]"));
    }

    [Fact]
    public async Task An_admin_grants_a_member_one_servers_console_without_its_power_and_saves_it()
    {
        var settings = new FakeSettingsConsole();
        settings.Members.AddRange([Member("u1", "ada", OrgRole.Admin), Member("u2", "bob", OrgRole.Operator)]);
        var orgs = new FakeOrgConsole();
        orgs.Hosts.Add(new HostRow("rack1", "Rack 1", HostStatus.Online, null, At, [new ServerRow("main", "Main server", ServerHealth.Up, null)]));
        await using var context = await CreateAsync(settings, orgs);
        var page = context.Render<SettingsPage>();
        page.WaitForElement("[data-testid=members]");
        Assert.Equal(["as the role", "as the role"], page.FindAll("[data-testid=member-servers]").Select(e => e.TextContent));

        await page.FindAll("button[data-testid=edit-grants]")[1].ClickAsync();
        page.WaitForElement("[data-testid=grants-none]");
        Assert.True(page.Find("button[data-testid=save-grants]").HasAttribute("disabled"));
        await page.InvokeAsync(() => page.FindComponent<MudSelect<string>>().Instance.ValueChanged.InvokeAsync("rack1/main"));
        await page.ClickAsync("button[data-testid=add-grant]");

        // Added as the role gives it (an Operator: all five), then Power unticked.
        var grant = page.Find("[data-testid=grant]");
        Assert.Contains("Main server on Rack 1", grant.TextContent, StringComparison.Ordinal);
        var boxes = page.FindComponents<MudCheckBox<bool>>();
        Assert.Equal([true, true, true, true, true], page.FindAll("[data-testid=grant] input[type=checkbox]").Select(b => ((AngleSharp.Html.Dom.IHtmlInputElement)b).IsChecked));
        await page.InvokeAsync(() => boxes[2].Instance.ValueChanged.InvokeAsync(false));
        await page.ClickAsync("button[data-testid=save-grants]");

        Assert.Equal(["servers u2 rack1/main=ConsoleRead, ConsoleSend, Schedules, Alerts"], settings.Calls);
        Assert.Empty(page.FindAll("[data-testid=grants-editor]"));
        Assert.Equal("1 server", page.FindAll("[data-testid=member-servers]")[1].TextContent);
    }

    [Fact]
    public async Task A_refused_grant_is_shown_at_the_editor_which_keeps_what_was_ticked()
    {
        var settings = new FakeSettingsConsole { RefuseGrants = "You cannot grant power on rack1/main: you do not hold it there yourself." };
        settings.Members.AddRange([Member("u1", "ada", OrgRole.Admin), Member("u2", "bob", OrgRole.Viewer)]);
        await using var context = await CreateAsync(settings);
        var page = context.Render<SettingsPage>();
        page.WaitForElement("[data-testid=members]");
        await page.FindAll("button[data-testid=edit-grants]")[1].ClickAsync();
        await page.InvokeAsync(() => page.FindComponent<MudSelect<string>>().Instance.ValueChanged.InvokeAsync("rack1/main"));
        await page.ClickAsync("button[data-testid=add-grant]");
        await page.ClickAsync("button[data-testid=save-grants]");

        Assert.Contains("cannot grant power", page.Find("[data-testid=grants-error]").TextContent, StringComparison.Ordinal);
        // No host lists the server here, so it goes by its key; the draft stays for another try.
        Assert.Contains("rack1/main", page.Find("[data-testid=grant]").TextContent, StringComparison.Ordinal);
        Assert.Empty(settings.Calls);
    }

    private static MemberRow Member(string id, string name, OrgRole role) =>
        new(id, name, role, At, ImmutableDictionary<string, ServerPermissions>.Empty, role switch
        {
            OrgRole.Viewer => ServerPermissions.ConsoleRead,
            _ => ServerPermissions.ConsoleRead | ServerPermissions.ConsoleSend | ServerPermissions.Power | ServerPermissions.Schedules | ServerPermissions.Alerts,
        });

    private static Task<BunitContext> CreateAsync(FakeSettingsConsole settings, FakeOrgConsole? orgs = null) =>
        ConsoleTestContext.CreateAsync(orgs ?? new FakeOrgConsole(), services: services => services.AddSingleton<ISettingsConsole>(settings));

    private static IEnumerable<string?> KeyIds(IRenderedComponent<SettingsPage> page) =>
        page.FindAll("[data-key-id]").Select(e => e.GetAttribute("data-key-id"));
}

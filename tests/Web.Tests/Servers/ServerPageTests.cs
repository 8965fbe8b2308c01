using Bunit;
using GameOps.Grains;
using GameOps.Grains.Events;
using GameOps.Grains.Players;
using GameOps.Web.Servers;
using GameOps.Web.Shell;
using GameOps.Web.Tests.Shell;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using static GameOps.Web.Tests.Shell.FakeServerConsole;

namespace GameOps.Web.Tests.Servers;

public sealed class ServerPageTests
{
    [Fact]
    public async Task The_console_shows_the_held_lines_then_live_ones_and_resumes_after_a_reconnect_without_gap_or_duplicate()
    {
        var servers = new FakeServerConsole();
        servers.Store(Line(1), Line(2));
        await using var context = await ConsoleTestContext.CreateAsync(new FakeOrgConsole(), servers);
        var page = Render(context);
        page.WaitForAssertion(() => Assert.Equal(["1", "2"], Sequences(page)));

        servers.Store(Line(3));
        await servers.PublishAsync([Line(3)]);
        page.WaitForAssertion(() => Assert.Equal(["1", "2", "3"], Sequences(page)));

        // While the browser was away, 4 and 5 were stored and their batches never reached the circuit.
        servers.Store(Line(4), Line(5));
        await context.Services.GetRequiredService<CircuitReconnects>().RaiseAsync();
        page.WaitForAssertion(() => Assert.Equal(["1", "2", "3", "4", "5"], Sequences(page)));

        // A batch that overlaps what the catch-up already showed adds only what is new.
        servers.Store(Line(6));
        await servers.PublishAsync([Line(5), Line(6)]);
        page.WaitForAssertion(() => Assert.Equal(["1", "2", "3", "4", "5", "6"], Sequences(page)));
        Assert.Equal([0UL, 3UL], servers.ReadsAfter);
    }

    [Fact]
    public async Task Dropped_batches_are_read_from_the_held_lines_after_the_last_one_shown()
    {
        var servers = new FakeServerConsole();
        servers.Store(Line(1));
        await using var context = await ConsoleTestContext.CreateAsync(new FakeOrgConsole(), servers);
        var page = Render(context);
        page.WaitForAssertion(() => Assert.Equal(["1"], Sequences(page)));

        servers.Store(Line(2), Line(3));
        await servers.PublishAsync(null);

        page.WaitForAssertion(() => Assert.Equal(["1", "2", "3"], Sequences(page)));
        Assert.Equal([0UL, 1UL], servers.ReadsAfter);
    }

    [Fact]
    public async Task A_gap_marker_is_shown_as_its_own_row()
    {
        var servers = new FakeServerConsole();
        servers.Store(Line(1), Gap(6, dropped: 5), Line(7));
        await using var context = await ConsoleTestContext.CreateAsync(new FakeOrgConsole(), servers);

        var page = Render(context);

        var gap = page.WaitForElement($"[data-kind={ConsoleEntryKind.Gap}]");
        Assert.Equal("6", gap.GetAttribute("data-sequence"));
        Assert.Contains("5 lines dropped", gap.TextContent, StringComparison.Ordinal);
        Assert.Equal(["1", "6", "7"], Sequences(page));
    }

    [Fact]
    public async Task A_viewer_gets_no_command_box_and_no_kick_or_ban()
    {
        var servers = new FakeServerConsole();
        servers.Server = servers.Server! with { Actions = [] };
        servers.Players.Add(new OnlinePlayer("Alice", "171", At, Guid.NewGuid()));
        await using var context = await ConsoleTestContext.CreateAsync(new FakeOrgConsole(), servers);

        var page = Render(context);

        page.WaitForElement("[data-testid=player]");
        Assert.NotNull(page.Find("[data-testid=no-commands]"));
        Assert.Empty(page.FindAll("[data-testid=command-box]"));
        Assert.Empty(page.FindAll("[data-testid=kick]"));
        Assert.Empty(page.FindAll("[data-testid=ban]"));
    }

    [Fact]
    public async Task The_command_box_offers_only_the_allowed_actions()
    {
        var servers = new FakeServerConsole();
        await using var context = await ConsoleTestContext.CreateAsync(new FakeOrgConsole(), servers);
        var popovers = context.Popovers();
        var page = Render(context);
        page.WaitForElement("[data-testid=command-box]");

        await page.Find("form[data-testid=command-box] div.mud-select > div.mud-input-control").MouseDownAsync(new());
        var offered = popovers.WaitForElements(".mud-popover-open .mud-list-item").Select(item => item.TextContent.Trim());

        Assert.Equal(["chat.say", "player.kick", "world.save"], offered);
    }

    [Fact]
    public async Task Each_argument_is_shown_with_its_hint_and_sent_as_typed()
    {
        var servers = new FakeServerConsole();
        await using var context = await ConsoleTestContext.CreateAsync(new FakeOrgConsole(), servers);
        var page = Render(context);

        // chat.say is chosen first where it is allowed.
        var message = page.WaitForElement("input[data-testid=argument-message]");
        Assert.Equal("The text every player sees in chat", page.Find($"#{message.GetAttribute("aria-describedby")}").TextContent.Trim());
        message.Input("Restart in 5 minutes");
        await page.Find("[data-testid=command-box]").SubmitAsync();

        var sent = Assert.Single(servers.Sent);
        Assert.Equal("chat.say", sent.Action);
        Assert.Equal("Restart in 5 minutes", sent.Arguments["message"]);
        page.WaitForElement("[data-testid=sent-job]");
    }

    [Fact]
    public async Task A_refusal_is_shown_under_the_command_box()
    {
        var servers = new FakeServerConsole { SendFailure = new ConsoleRefusedException("refused by policy: action 'chat.say' is not allowed (allowed: players.list)") };
        await using var context = await ConsoleTestContext.CreateAsync(new FakeOrgConsole(), servers);
        var page = Render(context);
        page.WaitForElement("input[data-testid=argument-message]").Input("hello");

        await page.Find("[data-testid=command-box]").SubmitAsync();

        Assert.Equal("refused by policy: action 'chat.say' is not allowed (allowed: players.list)", page.Find("[data-testid=command-error]").TextContent.Trim());
        Assert.Empty(page.FindAll("[data-testid=sent-job]"));
    }

    [Theory]
    [InlineData("Kick", 1)]
    [InlineData("Cancel", 0)]
    public async Task Kick_asks_first_and_kicks_only_once_confirmed(string answer, int kicks)
    {
        var servers = new FakeServerConsole();
        servers.Players.Add(new OnlinePlayer("Alice", "171", At, Guid.NewGuid()));
        await using var context = await ConsoleTestContext.CreateAsync(new FakeOrgConsole(), servers);
        var dialogs = context.Render<MudDialogProvider>();
        var page = Render(context);

        var clicked = page.WaitForElement("[data-testid=kick]").ClickAsync();
        dialogs.WaitForElement(".mud-dialog");
        Assert.Empty(servers.Sent);
        await dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == answer).ClickAsync();
        await clicked;

        Assert.Equal(kicks, servers.Sent.Count(s => s.Action == "player.kick" && s.Arguments["player"] == "171"));
    }

    [Fact]
    public async Task Players_join_and_leave_live_from_the_org_events()
    {
        var console = new FakeOrgConsole();
        var servers = new FakeServerConsole();
        await using var context = await ConsoleTestContext.CreateAsync(console, servers);
        var page = Render(context);
        page.WaitForElement("[data-testid=players-empty]");
        var session = Guid.NewGuid();

        await console.SendAsync(new PlayerJoined(FakeOrgConsole.OrgId, At, null, null, HostId, ServerId, "Bob", "172", session, false));
        page.WaitForElement("[data-player=Bob]");
        await console.SendAsync(new PlayerLeft(FakeOrgConsole.OrgId, At, null, null, HostId, ServerId, "Bob", "172", session, At, false));

        page.WaitForElement("[data-testid=players-empty]");
    }

    private static IRenderedComponent<ServerPage> Render(BunitContext context) =>
        context.Render<ServerPage>(parameters => parameters.Add(p => p.HostId, HostId).Add(p => p.ServerId, ServerId));

    private static List<string?> Sequences(IRenderedComponent<ServerPage> page) =>
        [.. page.FindAll("[data-testid=console] [data-sequence]").Select(row => row.GetAttribute("data-sequence"))];
}

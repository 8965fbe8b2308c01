using Bunit;
using GameOps.Grains;
using GameOps.Grains.Events;
using GameOps.Grains.Jobs;
using GameOps.Grains.Players;
using GameOps.Grains.Schedules;
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
    [InlineData("player-action-confirm", 1)]
    [InlineData("player-action-cancel", 0)]
    public async Task Kick_asks_first_and_kicks_only_once_confirmed(string answer, int kicks)
    {
        var servers = new FakeServerConsole();
        servers.Players.Add(new OnlinePlayer("Alice", "171", At, Guid.NewGuid()));
        await using var context = await ConsoleTestContext.CreateAsync(new FakeOrgConsole(), servers);
        var dialogs = context.Render<MudDialogProvider>();
        var page = Render(context);

        var clicked = page.ClickAsync("[data-testid=kick]");
        dialogs.WaitForElement(".mud-dialog");
        Assert.Empty(servers.Sent);
        Assert.Empty(dialogs.FindAll("[data-testid=player-duration]"));
        await dialogs.ClickAsync($"[data-testid={answer}]");
        await clicked;

        Assert.Equal(kicks, servers.Sent.Count(s => s.Action == "player.kick" && s.Arguments["player"] == "171" && !s.Arguments.ContainsKey("reason")));
    }

    [Fact]
    public async Task A_ban_sends_the_reason_and_duration_typed_in_its_confirmation()
    {
        var servers = new FakeServerConsole();
        servers.Server = servers.Server! with { Actions = ["player.ban", "player.kick"] };
        servers.Players.Add(new OnlinePlayer("Alice", "171", At, Guid.NewGuid()));
        await using var context = await ConsoleTestContext.CreateAsync(new FakeOrgConsole(), servers);
        var dialogs = context.Render<MudDialogProvider>();
        var page = Render(context);

        var clicked = page.ClickAsync("[data-testid=ban]");
        dialogs.WaitForElement("input[data-testid=player-reason]").Input("  griefing the trader  ");
        dialogs.Find("input[data-testid=player-duration]").Input("7 days");
        await dialogs.ClickAsync("[data-testid=player-action-confirm]");
        await clicked;

        var sent = Assert.Single(servers.Sent);
        Assert.Equal("player.ban", sent.Action);
        Assert.Equal(new Dictionary<string, string> { ["player"] = "171", ["reason"] = "griefing the trader", ["duration"] = "7 days" }, sent.Arguments);
    }

    [Fact]
    public async Task A_restart_with_countdown_asks_minutes_and_message_then_shows_its_jobs_and_end_live()
    {
        var console = new FakeOrgConsole();
        var servers = new FakeServerConsole();
        servers.Server = servers.Server! with { Actions = ["chat.say", "server.restart", "world.save"], MayCountdown = true };
        await using var context = await ConsoleTestContext.CreateAsync(console, servers);
        var dialogs = context.Render<MudDialogProvider>();
        var page = Render(context);

        var clicked = page.ClickAsync("[data-testid=restart-countdown]");
        dialogs.WaitForElement("input[data-testid=countdown-minutes]").Change("10");
        dialogs.Find("input[data-testid=countdown-message]").Input("Back in two minutes.");
        await dialogs.ClickAsync("[data-testid=countdown-start]");
        await clicked;

        Assert.Equal([(10, "Back in two minutes.")], servers.CountdownsStarted);
        Assert.Equal("Restart at 15:10:00 UTC", page.WaitForElement("[data-testid=countdown-restart-at]").TextContent.Trim());
        Assert.True(page.Find("[data-testid=restart-countdown]").HasAttribute("disabled"));
        var run = servers.CountdownRuns[0];

        var said = Guid.NewGuid();
        var byCountdown = new Actor(ActorKind.Schedule, CountdownScheduleId.ToString("D"));
        await console.SendAsync(new JobStateChanged(FakeOrgConsole.OrgId, At, null, byCountdown, said, HostId, ServerId, "chat.say", JobState.Succeeded, null));
        await console.SendAsync(new JobStateChanged(FakeOrgConsole.OrgId, At, null, new Actor(ActorKind.Schedule, Guid.NewGuid().ToString("D")), Guid.NewGuid(), HostId, ServerId, "chat.say", JobState.Queued, null));
        page.WaitForAssertion(() => Assert.Equal(["chat.say"], page.FindAll("[data-testid=countdown-job]").Select(j => j.GetAttribute("data-action"))));

        await console.SendAsync(new ScheduleRunEnded(FakeOrgConsole.OrgId, At, null, null, CountdownScheduleId, "Restart Navezgane with countdown", run, ScheduleRunOutcome.Succeeded, null));
        page.WaitForAssertion(() => Assert.Contains("Succeeded", page.Find("[data-testid=countdown-ended]").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=countdown-cancel]"));
    }

    [Fact]
    public async Task A_running_countdown_can_be_cancelled_from_the_page()
    {
        var servers = new FakeServerConsole();
        var run = Guid.NewGuid();
        servers.Server = servers.Server! with { Actions = ["server.restart"], Countdown = Countdown(run, 5), MayCountdown = true };
        await using var context = await ConsoleTestContext.CreateAsync(new FakeOrgConsole(), servers);
        var page = Render(context);

        await page.ClickAsync("[data-testid=countdown-cancel]");

        Assert.Equal([run], servers.CountdownsCancelled);
    }

    [Fact]
    public async Task Who_may_restart_but_not_run_the_countdown_schedule_gets_restart_and_no_countdown_buttons()
    {
        var servers = new FakeServerConsole();
        servers.Server = servers.Server! with { Actions = ["server.restart"], Countdown = Countdown(Guid.NewGuid(), 5), MayCountdown = false };
        await using var context = await ConsoleTestContext.CreateAsync(new FakeOrgConsole(), servers);
        var page = Render(context);

        page.WaitForElement("[data-testid=restart]");
        page.WaitForElement("[data-testid=countdown]");

        Assert.Empty(page.FindAll("[data-testid=restart-countdown]"));
        Assert.Empty(page.FindAll("[data-testid=countdown-cancel]"));
    }

    [Fact]
    public async Task A_refused_countdown_value_is_shown_at_its_field_and_the_dialog_stays()
    {
        var servers = new FakeServerConsole
        {
            CountdownFailure = new ConsoleFieldsException(new Dictionary<string, string[]> { ["minutes"] = ["A countdown lasts 1 to 60 minutes."] }),
        };
        servers.Server = servers.Server! with { Actions = ["server.restart"], MayCountdown = true };
        await using var context = await ConsoleTestContext.CreateAsync(new FakeOrgConsole(), servers);
        var dialogs = context.Render<MudDialogProvider>();
        var page = Render(context);

        _ = page.ClickAsync("[data-testid=restart-countdown]");
        await dialogs.ClickAsync("[data-testid=countdown-start]");

        dialogs.WaitForAssertion(() => Assert.Contains("A countdown lasts 1 to 60 minutes.", dialogs.Find("[data-testid=countdown-dialog]").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=countdown]"));
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

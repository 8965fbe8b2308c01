using System.Collections.Immutable;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using GameOps.AgentProtocol;
using GameOps.Grains;
using GameOps.Grains.Agents;
using GameOps.Grains.GameServers;
using GameOps.Grains.Identity;
using GameOps.Grains.Jobs;
using GameOps.Grains.Orgs;
using GameOps.Grains.Schedules;
using GameOps.Grains.ServerConsole;
using GameOps.Silo.Hosts;
using GameOps.Silo.Security;
using GameOps.Silo.Gateway;
using GameOps.Silo.ServerConsole;
using GameOps.Silo.Tests.Api;
using GameOps.Web.Servers;
using GameOps.Web.Shell;
using Microsoft.Extensions.DependencyInjection;

namespace GameOps.Silo.Tests.WebConsole;

/// <summary>
/// The game server page's side in the silo: it offers the actions the agent declared, narrowed by the policy the agent
/// reported and by the user's role, and sends jobs through the job endpoint's own checks.
/// </summary>
public sealed class ServerConsoleTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string ServerId = "main";
    private static readonly ImmutableArray<string> Declared = [GameActions.ChatSay, GameActions.PlayerKick, GameActions.ServerRestart, GameActions.WorldSave];

    [Fact]
    public async Task An_operator_is_offered_what_the_agent_declared_and_a_viewer_nothing()
    {
        var hostId = await HostWithServerAsync();

        var operatorView = await GetAsync(await factory.MemberAsync(OrgRole.Operator), hostId);
        var viewerView = await GetAsync(await factory.MemberAsync(OrgRole.Viewer), hostId);

        Assert.Equal(Declared.Order(StringComparer.Ordinal), operatorView!.Actions);
        Assert.Empty(viewerView!.Actions);
    }

    [Fact]
    public async Task The_policy_the_agent_reported_narrows_what_is_offered()
    {
        var hostId = await HostWithServerAsync();
        await Grains.GetGrain<IGameServerGrain>(GameServerKeys.For(hostId, ServerId)).ReportEffectivePolicyAsync(
            new ServerPolicySpec(true, [GameActions.ChatSay, GameActions.WorldSave], false, [], [], []));

        var view = await GetAsync(await factory.MemberAsync(OrgRole.Operator), hostId);

        Assert.Equal([GameActions.ChatSay, GameActions.WorldSave], view!.Actions.ToArray());
    }

    [Fact]
    public async Task A_command_is_queued_as_the_web_user_with_the_job_endpoints_checks()
    {
        var hostId = await HostWithServerAsync();
        var user = await factory.MemberAsync(OrgRole.Operator);
        using var scope = factory.Services.CreateScope();
        var servers = scope.ServiceProvider.GetRequiredService<IServerConsole>();

        var job = await servers.SendAsync(user, OrgIds.Default, hostId, ServerId, GameActions.ChatSay, new Dictionary<string, string> { ["message"] = "hello" });
        var bad = await Assert.ThrowsAsync<ConsoleInputException>(() =>
            servers.SendAsync(user, OrgIds.Default, hostId, ServerId, GameActions.ChatSay, new Dictionary<string, string> { ["message"] = "two\nlines" }));

        Assert.Equal(JobState.Queued, job.State);
        Assert.Equal(ActorKind.Web, job.RequestedBy.Kind);
        var stored = await factory.CreateAdminClient().GetFromJsonAsync<JsonElement>($"/api/v1/jobs/{job.Id}");
        Assert.Equal("hello", stored.GetProperty("arguments").GetProperty("message").GetString());
        Assert.Contains("arguments.message", bad.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_kicks_reason_from_the_console_reaches_the_job_and_its_audit_entry()
    {
        var hostId = await HostWithServerAsync();
        var user = await factory.MemberAsync(OrgRole.Operator);
        using var scope = factory.Services.CreateScope();
        var servers = scope.ServiceProvider.GetRequiredService<IServerConsole>();

        var job = await servers.SendAsync(user, OrgIds.Default, hostId, ServerId, GameActions.PlayerKick,
            new Dictionary<string, string> { [GameActionArguments.Player] = "171", [GameActionArguments.Reason] = "griefing the trader" });

        Assert.Equal("griefing the trader", job.Arguments[GameActionArguments.Reason]);
        var audit = await factory.CreateAdminClient().GetFromJsonAsync<JsonElement>($"/api/v1/audit?target=job/{job.Id}");
        var submitted = Assert.Single(audit.GetProperty("entries").EnumerateArray());
        Assert.Equal("web", submitted.GetProperty("via").GetString());
        Assert.Equal("griefing the trader", submitted.GetProperty("changes").GetProperty("arguments").GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_restart_countdown_is_started_by_who_may_restart_shown_on_the_server_and_cancelled()
    {
        var hostId = await HostWithServerAsync();
        var operatorUser = await factory.MemberAsync(OrgRole.Operator);
        var viewer = await factory.MemberAsync(OrgRole.Viewer);
        using var scope = factory.Services.CreateScope();
        var servers = scope.ServiceProvider.GetRequiredService<IServerConsole>();

        await Assert.ThrowsAsync<ConsoleRefusedException>(() => servers.StartRestartCountdownAsync(viewer, OrgIds.Default, hostId, ServerId, 5, null));
        var refused = await Assert.ThrowsAsync<ConsoleFieldsException>(() => servers.StartRestartCountdownAsync(operatorUser, OrgIds.Default, hostId, ServerId, 0, null));
        var started = await servers.StartRestartCountdownAsync(operatorUser, OrgIds.Default, hostId, ServerId, 5, "Update 2.1");
        await Assert.ThrowsAsync<ConsoleRefusedException>(() => servers.StartRestartCountdownAsync(operatorUser, OrgIds.Default, hostId, ServerId, 5, null));
        var shown = (await servers.GetServerAsync(viewer, OrgIds.Default, hostId, ServerId))!.Countdown;
        await Assert.ThrowsAsync<ConsoleRefusedException>(() => servers.CancelRestartCountdownAsync(viewer, OrgIds.Default, hostId, ServerId, started.RunId));
        await servers.CancelRestartCountdownAsync(operatorUser, OrgIds.Default, hostId, ServerId, started.RunId);

        Assert.Equal(["minutes"], refused.Errors.Keys);
        Assert.Equal((started.RunId, started.StartedAt.AddMinutes(5)), (shown!.RunId, shown.RestartAt));
        Assert.Equal(["5 minutes", "1 minute", "10 seconds"], shown.Marks.ToArray());
        Assert.Equal(ScheduleRunOutcome.Cancelled, (await servers.GetServerAsync(viewer, OrgIds.Default, hostId, ServerId))!.Countdown!.Outcome);
        var announced = Assert.Single((await JobsOfAsync(hostId)).Jobs);
        Assert.Equal((GameActions.ChatSay, "Server restart in 5 minutes. Update 2.1"), (announced.Action, announced.Arguments["message"]));
    }

    [Fact]
    public async Task A_countdown_needs_what_running_its_schedule_through_the_api_needs()
    {
        // An Operator whose grant on this server keeps power but not schedules: the API refuses them a schedule that
        // restarts it, so the console refuses them the countdown, which is that schedule run once.
        var hostId = await HostWithServerAsync();
        var user = await factory.MemberAsync(OrgRole.Operator, new Dictionary<string, ServerPermissions>
        {
            [GameServerKeys.For(hostId, ServerId)] = ServerPermissions.ConsoleRead | ServerPermissions.Power,
        });
        using var scope = factory.Services.CreateScope();
        var servers = scope.ServiceProvider.GetRequiredService<IServerConsole>();

        var shown = (await servers.GetServerAsync(user, OrgIds.Default, hostId, ServerId))!;
        var refused = await Assert.ThrowsAsync<ConsoleRefusedException>(() => servers.StartRestartCountdownAsync(user, OrgIds.Default, hostId, ServerId, 5, null));

        Assert.True(shown.Allows(GameActions.ServerRestart));
        Assert.False(shown.MayCountdown);
        Assert.Contains("schedules", refused.Message, StringComparison.Ordinal);
        Assert.Null(await Grains.GetGrain<IScheduleGrain>(ScheduleKeys.For(OrgIds.Default, RestartCountdowns.ScheduleIdOf(hostId, ServerId))).GetAsync());
    }

    [Fact]
    public async Task A_viewer_and_a_command_the_policy_refuses_are_refused_before_anything_is_queued()
    {
        var hostId = await HostWithServerAsync();
        await Grains.GetGrain<IGameServerGrain>(GameServerKeys.For(hostId, ServerId)).ReportEffectivePolicyAsync(
            new ServerPolicySpec(true, [GameActions.WorldSave], false, [], [], []));
        using var scope = factory.Services.CreateScope();
        var servers = scope.ServiceProvider.GetRequiredService<IServerConsole>();
        var say = new Dictionary<string, string> { ["message"] = "hello" };

        var viewer = await Assert.ThrowsAsync<ConsoleRefusedException>(async () =>
            await servers.SendAsync(await factory.MemberAsync(OrgRole.Viewer), OrgIds.Default, hostId, ServerId, GameActions.ChatSay, say));
        var policy = await Assert.ThrowsAsync<ConsoleRefusedException>(async () =>
            await servers.SendAsync(await factory.MemberAsync(OrgRole.Operator), OrgIds.Default, hostId, ServerId, GameActions.ChatSay, say));

        Assert.Contains("jobs.submit", viewer.Message, StringComparison.Ordinal);
        Assert.StartsWith("refused by policy: ", policy.Message, StringComparison.Ordinal);
        Assert.Empty((await JobsOfAsync(hostId)).Jobs);
    }

    [Fact]
    public async Task Two_pages_of_a_console_share_the_silos_one_subscription_and_each_gets_the_stored_lines_live()
    {
        // The agent's stream as the gateway makes it: the host grain tells it the pages' watch, so what it stores is published.
        var intake = factory.Services.GetRequiredService<ConsoleLineIntake>();
        string? hostId = null;
        using var connection = new AgentConnection(
            "unused", OrgIds.Default, "ipv4:192.0.2.10:40000", TimeProvider.System, (serverId, lease) => intake.Watch(GameServerKeys.For(hostId!, serverId), lease));
        hostId = await HostWithServerAsync(Grains.CreateObjectReference<IAgentObserver>(connection));
        var user = await factory.MemberAsync(OrgRole.Viewer);
        var hub = factory.Services.GetRequiredService<ConsoleHub>();
        var before = hub.Subscriptions;
        using var scope = factory.Services.CreateScope();
        var servers = scope.ServiceProvider.GetRequiredService<IServerConsole>();
        var first = new TaskCompletionSource<ImmutableArray<ConsoleLine>?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var second = new TaskCompletionSource<ImmutableArray<ConsoleLine>?>(TaskCreationOptions.RunContinuationsAsynchronously);

        await using (await servers.WatchConsoleAsync(user, OrgIds.Default, hostId, ServerId, lines => Task.FromResult(first.TrySetResult(lines)), CancellationToken.None))
        await using (await servers.WatchConsoleAsync(user, OrgIds.Default, hostId, ServerId, lines => Task.FromResult(second.TrySetResult(lines)), CancellationToken.None))
        {
            Assert.Equal(before + 1, hub.Subscriptions);
            using var console = intake.ForHost(hostId, OrgIds.Default);
            await console.AppendAsync([new ServerLines(ServerId, "7dtd-telnet", [new ConsoleLine(1, DateTimeOffset.UtcNow, "hello", false, 0)])]);

            Assert.Equal("hello", Assert.Single((await first.Task.WaitAsync(Patience))!.Value).Text);
            Assert.Equal("hello", Assert.Single((await second.Task.WaitAsync(Patience))!.Value).Text);
            Assert.Equal("hello", Assert.Single((await servers.ReadConsoleAsync(user, OrgIds.Default, hostId, ServerId, 0)).Lines).Text);
        }

        Assert.Equal(before, hub.Subscriptions);
    }

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private IGrainFactory Grains => factory.Services.GetRequiredService<IGrainFactory>();

    private async Task<ServerDetail?> GetAsync(ClaimsPrincipal user, string hostId)
    {
        using var scope = factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<IServerConsole>().GetServerAsync(user, OrgIds.Default, hostId, ServerId);
    }

    /// <summary>The jobs stored for <paramref name="hostId"/>, from the job history.</summary>
    private Task<JobHistoryPage> JobsOfAsync(string hostId) =>
        factory.Services.GetRequiredService<IJobHistory>().ListAsync(new JobHistoryQuery(OrgIds.Default, Limit: 10, HostId: hostId));

    /// <summary>A host of the default org whose agent declared the game server "main" (its stream goes nowhere).</summary>
    private async Task<string> HostWithServerAsync(IAgentObserver? agent = null)
    {
        using var response = await factory.CreateAdminClient().PostAsJsonAsync("/api/v1/hosts", new { name = "Box one" });
        var hostId = (await response.Content.ReadFromJsonAsync<CreatedHost>(GameOpsApi.Json))!.Host.Id;
        var observer = agent ?? Grains.CreateObjectReference<IAgentObserver>(new SilentAgent());
        await Grains.GetHostGrain(hostId).ConnectAsync(Guid.NewGuid(), "ipv4:192.0.2.10:40000", observer,
            new AgentHello("test", [new GameServerDescriptor(ServerId, "Main", "7dtd-telnet", Declared)]));
        return hostId;
    }
}

using GameOps.AgentProtocol;
using GameOps.AgentProtocol.Policy;
using GameOps.EdgeAgent.Tests.SourceRcon;
using Xunit.Abstractions;

namespace GameOps.EdgeAgent.Tests.Channel;

/// <summary>The control plane's narrowing over a real gRPC stream: applied without a restart, never wider than the host's policy.</summary>
public sealed class PolicyUpdateChannelTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Password = "rcon-pw-9a1f";

    private readonly TempDirectory _temp = new();
    private readonly CapturingLoggerProvider _logs = new(output);
    private readonly SourceRconTestServer _game = new(Password, command => "ran:" + command);
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync() => _gateway = await GatewayHost.StartAsync(logs: new CapturingLoggerProvider(output));

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _game.DisposeAsync();
        _temp.Dispose();
    }

    private Task<AgentHost> StartAgentAsync(IReadOnlyList<string> allowed) => AgentHost.StartAsync(
        TestConfigs.Agent(_temp.Combine("journal.jsonl"), [TestConfigs.Server(_game, Password, allowedActions: allowed)], _gateway.Url), _logs);

    private static ControlMessage Update(ServerPolicy policy, string serverId = TestConfigs.ServerId) =>
        new() { PolicyUpdate = new PolicyUpdate { ServerId = serverId, Policy = policy.ToRules() } };

    private static Task<AgentMessage> ReportAsync(GatewayConnection connection, Func<PolicyRules, bool> matches) =>
        connection.Received.WaitForAsync(
            message => message.PolicyReport is { } report && report.ServerId == TestConfigs.ServerId && matches(report.Effective),
            "a policy report");

    [Fact]
    public async Task Narrowing_takes_effect_on_the_running_agent_and_is_reported_back()
    {
        await using var agent = await StartAgentAsync([GameActions.ConsoleRaw, GameActions.ChatSay, GameActions.PlayersList]);
        var connection = await _gateway.Gateway.WaitForConnectionAsync(1);
        connection.Assign(TestConfigs.Assignment("job-before", GameActions.ConsoleRaw, arguments: ("command", "say one")));
        await connection.WaitForUpdateAsync("job-before", JobPhase.Succeeded);

        connection.Send(Update(new ServerPolicy { ConsoleDenyPatterns = [PolicyPattern.Create("^say", ignoreCase: true)] }));
        var report = await ReportAsync(connection, rules => rules.ConsoleDenyPatterns.Count == 1);
        connection.Assign(TestConfigs.Assignment("job-after", GameActions.ConsoleRaw, arguments: ("command", "say two")));
        var refused = await connection.WaitForUpdateAsync("job-after", JobPhase.Failed);

        Assert.Equal("^say", report.PolicyReport.Effective.ConsoleDenyPatterns[0]);
        Assert.Equal("refused by policy: console.raw deny pattern '^say' matched", refused.JobUpdate.Error);
        Assert.Equal(1, _game.ExecutionCount("say one"));
        Assert.Equal(0, _game.ExecutionCount("say two"));
    }

    [Fact]
    public async Task Wider_policy_from_the_control_plane_does_not_widen_the_hosts()
    {
        await using var agent = await StartAgentAsync([GameActions.PlayersList]);
        var connection = await _gateway.Gateway.WaitForConnectionAsync(1);

        connection.Send(Update(new ServerPolicy { AllowedActions = [GameActions.PlayersList, GameActions.ConsoleRaw] }));
        var report = await ReportAsync(connection, rules => rules.RestrictsActions);
        connection.Assign(TestConfigs.Assignment("job-1", GameActions.ConsoleRaw, arguments: ("command", "quit")));
        var refused = await connection.WaitForUpdateAsync("job-1", JobPhase.Failed);

        Assert.Equal([GameActions.PlayersList], report.PolicyReport.Effective.AllowedActions);
        Assert.Equal("refused by policy: action 'console.raw' is not allowed (allowed: players.list)", refused.JobUpdate.Error);
        Assert.Equal(0, _game.TotalExecutions);
    }

    [Fact]
    public async Task Each_new_stream_starts_with_every_servers_effective_policy()
    {
        await using var agent = await StartAgentAsync([GameActions.PlayersList]);
        var connection = await _gateway.Gateway.WaitForConnectionAsync(1);

        var report = await ReportAsync(connection, _ => true);

        Assert.Equal([GameActions.PlayersList], report.PolicyReport.Effective.AllowedActions);
        Assert.True(report.PolicyReport.Effective.RestrictsActions);
    }

    [Fact]
    public async Task Unreadable_policy_allows_nothing_rather_than_everything()
    {
        await using var agent = await StartAgentAsync([GameActions.PlayersList, GameActions.ChatSay]);
        var connection = await _gateway.Gateway.WaitForConnectionAsync(1);
        var rules = new PolicyRules();
        rules.ConsoleDenyPatterns.Add("(unclosed");

        connection.Send(new ControlMessage { PolicyUpdate = new PolicyUpdate { ServerId = TestConfigs.ServerId, Policy = rules } });
        var report = await ReportAsync(connection, effective => effective.RestrictsActions && effective.AllowedActions.Count == 0);

        Assert.Empty(report.PolicyReport.Effective.AllowedActions);
    }
}

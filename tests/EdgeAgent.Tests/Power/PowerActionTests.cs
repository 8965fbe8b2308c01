using GameOps.AgentProtocol;
using GameOps.AgentProtocol.Policy;
using GameOps.EdgeAgent.Adapters;
using GameOps.EdgeAgent.Adapters.SourceRcon;
using GameOps.EdgeAgent.Configuration;
using GameOps.EdgeAgent.Jobs;
using GameOps.EdgeAgent.Policy;
using GameOps.EdgeAgent.Power;
using GameOps.EdgeAgent.Tests.SourceRcon;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace GameOps.EdgeAgent.Tests.Power;

/// <summary>Power actions through a real process: a systemctl double that records its exact argv, and a real RCON double as the game.</summary>
public sealed class PowerActionTests : IAsyncLifetime
{
    private const string Password = "rcon-pw-7c3e";
    private const string Unit = "cs2.service";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly SourceRconTestServer _game = new(Password, command => "ran:" + command);
    private readonly SourceRconAdapter _adapter = new(NullLoggerFactory.Instance, TimeProvider.System);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _adapter.DisposeAsync();
        await _game.DisposeAsync();
    }

    private GameServerConfig Server(ServerPowerConfig power, ServerPolicy? policy = null) => new()
    {
        Id = TestConfigs.ServerId,
        Name = "Test game",
        Kind = SourceRconAdapter.KindName,
        Address = new ServerAddress(_game.Host, _game.Port),
        Password = Password,
        AllowedActions = [.. SourceRconAdapter.Actions, .. GameActions.Power],
        Policy = policy ?? ServerPolicy.Unrestricted,
        Power = power,
    };

    private JobRunner Runner(GameServerConfig server, string systemctl, TimeProvider? clock = null)
    {
        var time = clock ?? TimeProvider.System;
        var config = TestConfigs.Agent("/unused/journal.jsonl", [server]);
        var power = new PowerController(
            Options.Create(new PowerOptions { Systemctl = systemctl, RestartProbeInterval = TimeSpan.FromSeconds(2) }), time, NullLogger<PowerController>.Instance);
        return new JobRunner(config, new GameAdapterRegistry([_adapter]), new ServerPolicies(config, time), time, NullLogger<JobRunner>.Instance, power);
    }

    private static JobAssignment Job(string action, params (string, string)[] arguments) =>
        TestConfigs.Assignment("job-" + action, action, TimeSpan.FromMinutes(5), arguments: arguments);

    [Theory]
    [InlineData(GameActions.ServerStart, "[--no-ask-password][start][cs2.service]")]
    [InlineData(GameActions.ServerStop, "[--no-ask-password][stop][cs2.service]")]
    [InlineData(GameActions.ServerRestart, "[--no-ask-password][restart][cs2.service]")]
    [InlineData(GameActions.ServerStatus, "[--no-ask-password][is-active][cs2.service]")]
    public async Task Power_action_runs_systemctl_with_the_fixed_argument_list_whatever_the_job_carries(string action, string argv)
    {
        using var systemctl = new SystemctlDouble();
        var runner = Runner(Server(new ServerPowerConfig { SystemdUnit = Unit }), systemctl.Path);

        var result = await runner.RunAsync(Job(action, ("unit", "evil.service; reboot"), ("command", "--force")), CancellationToken.None).WaitAsync(Timeout);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal([argv], systemctl.Calls);
    }

    [Fact]
    public async Task Supervisor_command_runs_as_the_configured_argument_array()
    {
        using var supervisor = new SystemctlDouble();
        var power = new ServerPowerConfig { Commands = new Dictionary<string, IReadOnlyList<string>> { [GameActions.ServerStop] = [supervisor.Path, "stop", "cs2 main"] } };

        var result = await Runner(Server(power), "/nonexistent/systemctl").RunAsync(Job(GameActions.ServerStop), CancellationToken.None).WaitAsync(Timeout);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(["[stop][cs2 main]"], supervisor.Calls);
    }

    [Fact]
    public async Task Status_answers_with_systemctls_words_even_for_a_stopped_unit()
    {
        using var systemctl = new SystemctlDouble(output: "inactive\n", exitCode: 3);

        var result = await Runner(Server(new ServerPowerConfig { SystemdUnit = Unit }), systemctl.Path).RunAsync(Job(GameActions.ServerStatus), CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(JobResult.Success("inactive"), result);
    }

    [Fact]
    public async Task Failing_systemctl_fails_the_job_with_its_exit_code_and_words()
    {
        using var systemctl = new SystemctlDouble(output: "Failed to start cs2.service: Access denied", exitCode: 1);

        var result = await Runner(Server(new ServerPowerConfig { SystemdUnit = Unit }), systemctl.Path).RunAsync(Job(GameActions.ServerStart), CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(
            JobResult.Failure("server.start of game server 'game' failed: systemctl exited with code 1: Failed to start cs2.service: Access denied"),
            result);
    }

    [Fact]
    public async Task Restart_waits_for_the_console_and_fails_when_it_stays_silent_past_the_bound()
    {
        using var systemctl = new SystemctlDouble();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var server = Server(new ServerPowerConfig { SystemdUnit = Unit, RestartWait = TimeSpan.FromSeconds(60) });
        _game.StopListening();

        var running = Runner(server, systemctl.Path, clock).RunAsync(Job(GameActions.ServerRestart), CancellationToken.None);
        using var patience = new CancellationTokenSource(Timeout);
        var result = await FakeClock.AdvanceUntilDoneAsync(clock, TimeSpan.FromSeconds(2), running, patience.Token);

        Assert.Equal(JobResult.Failure("game server 'game' was restarted, but its console did not answer within 60 s"), result);
        Assert.Single(systemctl.Calls);
    }

    [Theory]
    [InlineData(GameActions.ServerRestart)]
    [InlineData(GameActions.ServerStop)]
    [InlineData(GameActions.ServerStart)]
    public async Task Read_only_mode_refuses_power_actions_before_systemctl_runs(string action)
    {
        using var systemctl = new SystemctlDouble();
        var server = Server(new ServerPowerConfig { SystemdUnit = Unit }, new ServerPolicy { ReadOnly = true });

        var result = await Runner(server, systemctl.Path).RunAsync(Job(action), CancellationToken.None).WaitAsync(Timeout);

        Assert.StartsWith("refused by policy: read-only mode", result.Error, StringComparison.Ordinal);
        Assert.Empty(systemctl.Calls);
    }

    [Fact]
    public async Task Read_only_mode_still_answers_status()
    {
        using var systemctl = new SystemctlDouble(output: "active");
        var server = Server(new ServerPowerConfig { SystemdUnit = Unit }, new ServerPolicy { ReadOnly = true });

        var result = await Runner(server, systemctl.Path).RunAsync(Job(GameActions.ServerStatus), CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(JobResult.Success("active"), result);
    }
}

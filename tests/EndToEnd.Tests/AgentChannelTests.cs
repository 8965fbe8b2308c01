using GameOps.Grains.Hosts;
using GameOps.Grains.Jobs;
using GameOps.AgentProtocol;

namespace GameOps.EndToEnd.Tests;

[Trait("Category", "Slow")]
public sealed class PlayersListTests
{
    // What a Source server prints for `status`, trimmed (https://developer.valvesoftware.com/wiki/Status).
    private const string StatusAnswer = "hostname: GameOps test\nplayers : 2 humans, 0 bots (16/0 max)\n# userid name\n#      2 \"Alice\"\n#      3 \"Bob\"\n";

    [Fact]
    public async Task Players_list_runs_through_a_real_agent_and_its_answer_comes_back()
    {
        await using var system = await RunningSystem.StartAsync(command => command == "status" ? StatusAnswer : $"Unknown command \"{command}\"");
        system.StartAgent();
        await system.Api.WaitForHostAsync(system.Host.Host.Id, HostStatus.Online, TimeSpan.FromSeconds(30));

        var job = await system.Api.CreateJobAsync(system.Host.Host.Id, GameActions.PlayersList);
        var done = await system.Api.WaitForJobAsync(job.Id, j => j.IsFinished, TimeSpan.FromSeconds(30));

        Assert.True(done.State == JobState.Succeeded, $"{done.State}: {done.Error}\n{system.Diagnostics}");
        Assert.Equal(StatusAnswer, done.Output);
        Assert.Equal(1, system.Game.ExecutionCount("status"));
        var host = await system.Api.GetHostAsync(system.Host.Host.Id);
        Assert.Equal("main", Assert.Single(host.Servers).Id);
        Assert.NotNull(host.Metrics);
    }
}

[Trait("Category", "Slow")]
public sealed class WrongCredentialTests
{
    [Fact]
    public async Task Agent_with_a_wrong_credential_is_refused()
    {
        await using var system = await RunningSystem.StartAsync(_ => "");
        var agent = system.StartAgent(credential: "goh_not-this-hosts-credential");

        await agent.Process.WaitForOutputAsync("refused this host's credential", TimeSpan.FromSeconds(30));

        Assert.Equal(HostStatus.Pending, (await system.Api.GetHostAsync(system.Host.Host.Id)).Status);
        Assert.DoesNotContain("goh_not-this-hosts-credential", system.Silo.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("goh_not-this-hosts-credential", agent.Process.Output, StringComparison.Ordinal);
    }
}

[Trait("Category", "Slow")]
public sealed class KilledAgentTests
{
    [Fact]
    public async Task Host_is_offline_within_20_seconds_of_its_agent_being_killed()
    {
        await using var system = await RunningSystem.StartAsync(_ => "");
        var agent = system.StartAgent();
        await system.Api.WaitForHostAsync(system.Host.Host.Id, HostStatus.Online, TimeSpan.FromSeconds(30));

        await agent.Process.KillAsync();

        await system.Api.WaitForHostAsync(system.Host.Host.Id, HostStatus.Offline, TimeSpan.FromSeconds(20));
    }
}

[Trait("Category", "Slow")]
public sealed class FrozenAgentTests
{
    [Fact]
    public async Task Host_is_offline_within_20_seconds_of_its_agent_freezing()
    {
        await using var system = await RunningSystem.StartAsync(_ => "");
        var agent = system.StartAgent();
        await system.Api.WaitForHostAsync(system.Host.Host.Id, HostStatus.Online, TimeSpan.FromSeconds(30));

        // SIGSTOP: the process stops but its TCP connection stays open, so only missing heartbeats tell.
        agent.Process.Freeze();

        await system.Api.WaitForHostAsync(system.Host.Host.Id, HostStatus.Offline, TimeSpan.FromSeconds(20));
        agent.Process.Resume();
    }
}

[Trait("Category", "Slow")]
public sealed class RedeliveryTests
{
    [Fact]
    public async Task Job_in_flight_when_the_stream_drops_runs_once()
    {
        using var commandStarted = new ManualResetEventSlim();
        using var releaseCommand = new ManualResetEventSlim();
        await using var system = await RunningSystem.StartAsync(command =>
        {
            commandStarted.Set();
            releaseCommand.Wait(TimeSpan.FromSeconds(30));
            return $"hostname: Executed {command}\nplayers : 0 humans, 0 bots (16 max)\n";
        });
        system.StartAgent();
        await system.Api.WaitForHostAsync(system.Host.Host.Id, HostStatus.Online, TimeSpan.FromSeconds(30));
        var job = await system.Api.CreateJobAsync(system.Host.Host.Id, GameActions.PlayersList, timeoutSeconds: 120);
        Assert.True(commandStarted.Wait(TimeSpan.FromSeconds(30)), system.Diagnostics);

        // The stream drops while the game is still answering: the silo dies mid-job and comes back.
        await system.Silo.KillAsync();
        releaseCommand.Set();
        await system.RestartSiloAsync();

        var done = await system.Api.WaitForJobAsync(job.Id, j => j.IsFinished, TimeSpan.FromSeconds(60));
        Assert.True(done.State == JobState.Succeeded, $"{done.State}: {done.Error}\n{system.Diagnostics}");
        Assert.Equal(1, system.Game.TotalExecutions);
    }
}

[Trait("Category", "Slow")]
public sealed class DuplicateAgentTests
{
    [Fact]
    public async Task Second_agent_with_the_hosts_credential_is_refused_and_takes_over_when_the_first_dies()
    {
        await using var system = await RunningSystem.StartAsync(_ => "");
        var hostId = system.Host.Host.Id;
        var first = system.StartAgent();
        await system.Api.WaitForHostAsync(hostId, HostStatus.Online, TimeSpan.FromSeconds(30));
        using var secondFolder = new TempDirectory();
        await using var second = system.StartAgent(folder: secondFolder.Path);

        await second.Process.WaitForOutputAsync($"another agent is connected as host {hostId}", TimeSpan.FromSeconds(30));
        var conflicted = await system.Api.GetHostAsync(hostId);
        await first.Process.KillAsync();
        await system.Api.WaitForHostAsync(hostId, HostStatus.Offline, TimeSpan.FromSeconds(20));
        // The refused agent tries again within 30 s.
        await system.Api.WaitForHostAsync(hostId, HostStatus.Online, TimeSpan.FromSeconds(45));

        Assert.Equal(HostStatus.Online, conflicted.Status);
        Assert.NotNull(conflicted.Conflict);
        // The first agent kept its stream while the second was refused: it never had to connect again.
        Assert.Single(first.Process.Output.Split('\n'), line => line.Contains("Sent Hello", StringComparison.Ordinal));
    }
}

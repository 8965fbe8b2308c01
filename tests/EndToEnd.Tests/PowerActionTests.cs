using GameOps.Grains.Hosts;
using GameOps.Grains.Jobs;
using GameOps.AgentProtocol;

namespace GameOps.EndToEnd.Tests;

/// <summary>Power actions through the real silo and agent processes, with a systemctl double first on the agent's PATH.</summary>
[Trait("Category", "Slow")]
public sealed class PowerActionTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Restart_cut_short_by_an_agent_kill_never_runs_a_second_time()
    {
        using var systemctl = new SystemctlDouble(holdUntilReleased: true);
        await using var system = await RunningSystem.StartAsync(_ => "hostname: Test\nplayers : 0 humans, 0 bots (16 max)\n");
        var environment = new Dictionary<string, string> { ["PATH"] = systemctl.Folder + ":" + Environment.GetEnvironmentVariable("PATH") };
        var power = new { systemdUnit = "cs2.service", restartWaitSeconds = 30 };
        var agent = system.StartAgent(mainPower: power, environment: environment);
        await system.Api.WaitForHostAsync(system.Host.Host.Id, HostStatus.Online, Patience);

        var job = await system.Api.CreateJobAsync(system.Host.Host.Id, GameActions.ServerRestart, timeoutSeconds: 300);
        await Eventually.ReadAsync(() => Task.FromResult(systemctl.Calls.Count), count => count == 1, Patience);
        await agent.Process.KillAsync();
        systemctl.Release();
        system.StartAgent(mainPower: power, environment: environment);
        var finished = await Eventually.ReadAsync(() => system.Api.GetJobAsync(job.Id), j => j.State is JobState.Failed or JobState.Succeeded, Patience);

        Assert.Equal(JobState.Failed, finished.State);
        Assert.Contains("server.restart is not retry-safe", finished.Error, StringComparison.Ordinal);
        Assert.Equal(["[--no-ask-password][restart][cs2.service]"], systemctl.Calls);
    }
}

using System.Text.Json;
using GameOps.Grains.Hosts;
using GameOps.Grains.Jobs;
using GameOps.TestSupport;
using GameOps.AgentProtocol;

namespace GameOps.EndToEnd.Tests;

/// <summary>
/// The agent as hosts install it: one Native AOT binary. Trimming and AOT can break at run time what the JIT build
/// does fine (reflection, JSON, gRPC marshalling), so the shipped form runs a job end to end too.
/// </summary>
[Trait("Category", "Slow")]
public sealed class NativeAgentTests
{
    private const string StatusAnswer = "hostname: GameOps test\nplayers : 1 humans, 0 bots (16/0 max)\n# userid name\n#      2 \"Zoë, the builder\"\n";

    [Fact]
    public async Task Native_agent_connects_heartbeats_and_runs_a_job()
    {
        using var publishFolder = new TempDirectory();
        var (executable, output) = await NativeAgent.PublishAsync(publishFolder.Path);
        Assert.True(executable is not null, $"dotnet publish of the agent failed:\n{output}");

        await using var system = await RunningSystem.StartAsync(command => command == "status" ? StatusAnswer : "");
        system.StartAgent(nativeAgent: executable);
        var online = await system.Api.WaitForHostAsync(system.Host.Host.Id, HostStatus.Online, TimeSpan.FromSeconds(30));

        var job = await system.Api.CreateJobAsync(system.Host.Host.Id, GameActions.PlayersList);
        var done = await system.Api.WaitForJobAsync(job.Id, j => j.IsFinished, TimeSpan.FromSeconds(30));

        Assert.True(done.State == JobState.Succeeded, $"{done.State}: {done.Error}\n{system.Diagnostics}");
        Assert.Equal(StatusAnswer, done.Output);
        using var data = JsonDocument.Parse(done.Data ?? "null");
        Assert.Equal("Zoë, the builder", data.RootElement.GetProperty("players")[0].GetProperty("name").GetString());
        Assert.Equal("main", Assert.Single(online.Servers).Id);
    }
}

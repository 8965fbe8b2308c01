namespace GameOps.EdgeAgent.Tests;

[Trait("Category", "Slow")]
public sealed class AgentConsoleLogTests
{
    [Fact]
    public async Task Each_log_entry_starts_with_its_UTC_time_in_ISO_8601()
    {
        using var folder = new TempDirectory();
        var startedAt = DateTimeOffset.UtcNow;

        // Nothing listens at the gateway address: the agent logs its journal and its failing dials, which is all this needs.
        // A time zone other than UTC keeps a local time from passing for UTC.
        await using var agent = AgentProcess.Start(
            folder.Path,
            new
            {
                controlPlaneUrl = $"http://127.0.0.1:{TestPorts.Free()}",
                hostId = "timestamps",
                credential = "not-a-real-credential",
                servers = Array.Empty<object>(),
            },
            environment: new Dictionary<string, string> { ["TZ"] = "America/New_York" });
        await agent.Process.WaitForOutputAsync("Job journal", TimeSpan.FromSeconds(60));

        var entries = ConsoleLogEntries.FirstLines(agent.Process.Output);
        Assert.All(entries, entry => Assert.Matches(ConsoleLogEntries.TimestampedFirstLine(), entry));
        Assert.InRange(ConsoleLogEntries.TimeOf(entries[0]), startedAt.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
    }
}

using System.Diagnostics;
using GameOps.Bench.Jobs;
using GameOps.Bench.Silo;
using GameOps.Grains.Hosts;
using GameOps.TestSupport;

namespace GameOps.Bench.Tests.Jobs;

/// <summary>
/// The console traffic's generator in a process of its own, against a real silo: its agents' lines are stored, its
/// viewers time them, and it reports both over its standard output.
/// </summary>
[Trait("Category", "Slow")]
public sealed class ConsoleGeneratorProcessTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Its_agents_lines_are_stored_timed_by_its_viewers_and_held_while_paused_and_it_exits_when_told()
    {
        using var folder = new TempDirectory();
        await using var silo = await BenchSilo.StartAsync(folder.Path);
        var traffic = new ConsoleTraffic(Agents: 20, Viewers: 4, ChatEvery: 20, OwnProcess: true);
        var hosts = await silo.CreateHostsAsync(traffic.Agents);

        int pid;
        await using (var generator = await ConsoleGeneratorProcess.ConnectAsync(
            new ConsoleGeneratorSpec(silo.GatewayAddress, silo.ApiAddress, silo.AdminKey, hosts, traffic)))
        {
            pid = generator.ProcessId!.Value;
            Assert.NotEqual(Environment.ProcessId, pid);
            await JobScenario.WaitUntilOnlineAsync(silo, traffic.Agents, Timeout);
            await generator.StartSendingAsync();
            var before = await generator.StartRecordingAsync();

            // 20 agents × 20 lines/s: a second of lines is 400, a chat line every 20th.
            var deadline = Stopwatch.StartNew();
            ConsoleGeneratorReport report;
            do
            {
                Assert.True(deadline.Elapsed < Timeout, "The generator's lines were not stored and timed in time.");
                await Task.Delay(TimeSpan.FromMilliseconds(200));
                report = await generator.ReportAsync();
            }
            while (report.LinesAcknowledged - before < 400 || report.LinesTimed < 20 || report.ChatLines < 20);

            Assert.Equal(0, report.SendFailures);
            Assert.Equal(0, report.StreamsEnded);
            Assert.Null(report.FirstStreamEnd);
            Assert.InRange(report.DeliveryP50Ms, 0, report.DeliveryP99Ms);

            // Paused, the lines stop: once what was in flight is acknowledged (every 500 ms), the count holds for a second.
            var paused = await generator.SetSendingAsync(false);
            long held;
            while (true)
            {
                Assert.True(deadline.Elapsed < Timeout, $"The acknowledged lines went on growing after the pause at {paused}.");
                held = await generator.SetSendingAsync(false);
                await Task.Delay(TimeSpan.FromSeconds(1));
                if (await generator.SetSendingAsync(false) == held)
                {
                    break;
                }
            }

            Assert.InRange(held, paused, paused + 2 * 400);
            var resumed = await generator.SetSendingAsync(true);
            while (await generator.SetSendingAsync(true) - resumed < 400)
            {
                Assert.True(deadline.Elapsed < Timeout, "The lines did not resume.");
                await Task.Delay(TimeSpan.FromMilliseconds(200));
            }

            Assert.Equal(0, (await generator.ReportAsync()).SendFailures);
        }

        Assert.Throws<ArgumentException>(() => Process.GetProcessById(pid));
    }

    [Fact]
    public async Task A_generator_that_cannot_connect_fails_with_what_its_process_printed()
    {
        using var folder = new TempDirectory();
        var closed = new Uri($"http://127.0.0.1:{TestPorts.Free()}");
        var host = new EnrolledHost(
            new HostView("host-1", "org-1", "host-1", HostStatus.Offline, default, default, null, null, null, [], 0, null, null), "credential");

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await using var generator = await ConsoleGeneratorProcess.ConnectAsync(
                new ConsoleGeneratorSpec(closed, closed, "key", [host], new ConsoleTraffic(Agents: 1, OwnProcess: true)));
        });

        Assert.Contains("The console generator ended", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Connection refused", failure.Message, StringComparison.Ordinal);
    }
}

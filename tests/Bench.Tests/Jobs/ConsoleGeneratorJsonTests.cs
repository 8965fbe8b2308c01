using System.Text.Json;
using GameOps.Bench.Jobs;

namespace GameOps.Bench.Tests.Jobs;

/// <summary>
/// The console generator's process answers a report asked for before any line was timed: its percentiles are NaN, which
/// System.Text.Json refuses by default (a full run once ended the generator with "exit code 134" there).
/// </summary>
public sealed class ConsoleGeneratorJsonTests
{
    [Fact]
    public void A_report_before_any_line_was_timed_crosses_the_pipe_with_its_percentiles_unknown()
    {
        var report = new ConsoleGeneratorReport(400, 20, 0, 0, double.NaN, double.NaN, 0, null);

        var read = JsonSerializer.Deserialize<ConsoleGeneratorReport>(JsonSerializer.Serialize(report, ConsoleGeneratorChild.Json), ConsoleGeneratorChild.Json);

        Assert.Equal(report, read);
        Assert.True(double.IsNaN(read!.DeliveryP99Ms));
    }
}

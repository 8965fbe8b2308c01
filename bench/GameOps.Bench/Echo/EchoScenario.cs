using System.Globalization;
using System.Reflection;
using GameOps.Bench.Measurement;
using GameOps.Bench.Reporting;
using GameOps.TestSupport;

namespace GameOps.Bench.Echo;

/// <summary>
/// The physical limit: the echo server in its own process, C callers each with its own bidirectional stream on its
/// own connection, one message out and back per operation. The server's CPU is reported as the "silo" CPU.
/// </summary>
public static class EchoScenario
{
    public static async Task<RunResult> RunAsync(int callers, TimeSpan warmUp, TimeSpan duration)
    {
        using var folder = new TempDirectory();
        var port = TestPorts.Free();
        var benchDll = Assembly.GetExecutingAssembly().Location;
        await using var server = ConsoleProcess.Start("dotnet", [benchDll, "echo-server", "--port", port.ToString(CultureInfo.InvariantCulture)], folder.Path);
        await server.WaitForOutputAsync(EchoServer.ReadyLine, TimeSpan.FromSeconds(30));

        var address = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        var clients = Enumerable.Range(0, callers).Select(_ => new EchoClient(address)).ToArray();
        try
        {
            CpuWindow? window = null;
            var driver = await ClosedLoopDriver.RunAsync(
                callers, i => clients[i].BounceAsync, warmUp, duration, () => window = CpuWindow.Start(server.Id));
            var cpu = window!.Stop();
            return RunResult.From("echo", "gRPC bidi echo round trip", 0, callers, null, driver, cpu) with
            {
                SiloRssBytes = ProcessSampler.ResidentBytes(server.Id),
            };
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }
}

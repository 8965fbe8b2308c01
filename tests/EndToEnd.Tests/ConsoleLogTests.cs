using System.Text;
using System.Text.Json;
using GameOps.Grains.Hosts;

namespace GameOps.EndToEnd.Tests;

/// <summary>
/// A game server's log file, followed by the real agent process and read back through the console's SSE endpoint:
/// every line arrives once, in order, across a cut stream, an agent restart and an SSE client's reconnect.
/// </summary>
[Trait("Category", "Slow")]
public sealed class ConsoleLogTests
{
    private const int Burst = 50_000;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan BurstPatience = TimeSpan.FromMinutes(4);

    // The ring holds the whole burst, so a client that falls behind catches up from it instead of being told it missed lines.
    // Acknowledgements paced, so a cut or a restart also drops held ones: the agent must resend those lines, each stored once.
    private static readonly string[] SiloSettings = [$"--GameOps:Console:RingLines={Burst * 2}", "--GameOps:Console:AckInterval=00:00:00.150"];

    [Fact]
    public async Task Every_line_of_a_burst_arrives_once_in_order_when_the_agents_stream_is_cut_in_the_middle()
    {
        await using var system = await RunningSystem.StartAsync(_ => "", SiloSettings);
        await using var relay = new TcpRelay(system.Silo.GatewayAddress.Port);
        var log = NewLogFile(system);
        system.StartAgent(controlPlaneUrl: $"http://127.0.0.1:{relay.Port}", mainLogFile: log);
        await using var sse = await OpenConsoleAsync(system, log);

        // The first half is on its way when the stream is cut; the second half can only come over a new one.
        var writing = Task.Run(() => WriteLines(log, 1, Burst / 2));
        await sse.ReadUntilAsync(message => LineNumber(message) >= Burst / 5, BurstPatience);
        relay.CutAll();
        await writing;
        WriteLines(log, (Burst / 2) + 1, Burst);
        await sse.ReadUntilAsync(message => LineNumber(message) == Burst, BurstPatience);

        AssertEveryLineOnceInOrder(sse.Seen, system);
        Assert.True(relay.Accepted >= 2, "The agent did not dial again after its stream was cut.");
    }

    [Fact]
    public async Task Every_line_of_a_burst_arrives_once_in_order_across_an_agent_restart_and_an_sse_reconnect()
    {
        await using var system = await RunningSystem.StartAsync(_ => "", SiloSettings);
        var log = NewLogFile(system);
        system.StartAgent(mainLogFile: log);
        var seen = new List<SseMessage>();
        await using (var sse = await OpenConsoleAsync(system, log))
        {
            var writing = Task.Run(() => WriteLines(log, 1, Burst / 2));
            await sse.ReadUntilAsync(message => LineNumber(message) >= Burst / 5, BurstPatience);
            await system.Agent!.Process.KillAsync();
            await writing;
            seen.AddRange(sse.Seen);
        }

        // Written while the agent is down: it resumes reading the file where the last line it kept ended.
        WriteLines(log, (Burst / 2) + 1, Burst);

        // The client reconnects as a browser does, with the id of the last event it saw; the agent starts again on its state.
        await system.Agent.DisposeAsync();
        system.StartAgent(mainLogFile: log);
        await using var again = await SseClient.OpenAsync(
            system.Api.Client, ConsolePath(system), Patience, lastEventId: seen.Last(message => message.Id is not null).Id);
        await again.ReadUntilAsync(message => LineNumber(message) == Burst, BurstPatience);
        seen.AddRange(again.Seen);

        AssertEveryLineOnceInOrder(seen, system);
    }

    private static string ConsolePath(RunningSystem system) => $"/api/v1/hosts/{system.Host.Host.Id}/servers/main/console";

    private static string NewLogFile(RunningSystem system)
    {
        var path = system.Folder.Combine("game", "output_log.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "written before the agent first ran: never sent\n");
        return path;
    }

    /// <summary>
    /// Opens the console once the agent is online and follows the log file: it starts at the file's end, so lines are
    /// written until one arrives.
    /// </summary>
    /// <remarks>
    /// The client reads with the whole patience: a read cancelled by a shorter timeout aborts the HTTP response, and a
    /// busy machine can take more than a second to open the file (a 1 s read here failed a loaded run that way).
    /// </remarks>
    private static async Task<SseClient> OpenConsoleAsync(RunningSystem system, string log)
    {
        await system.Api.WaitForHostAsync(system.Host.Host.Id, HostStatus.Online, Patience);
        var sse = await SseClient.OpenAsync(system.Api.Client, ConsolePath(system), Patience);
        using var arrived = new CancellationTokenSource();
        var warming = WarmUpAsync(log, arrived.Token);
        await sse.ReadUntilAsync(message => message.Event == "line", Patience);
        await arrived.CancelAsync();
        await warming;
        return sse;
    }

    private static async Task WarmUpAsync(string log, CancellationToken arrived)
    {
        using var period = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
        try
        {
            do
            {
                await File.AppendAllTextAsync(log, "warming up\n", arrived);
            }
            while (await period.WaitForNextTickAsync(arrived));
        }
        catch (OperationCanceledException) when (arrived.IsCancellationRequested)
        {
            // A line arrived: the agent follows the file.
        }
    }

    private static void WriteLines(string log, int from, int to)
    {
        using var file = new FileStream(log, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        var text = new StringBuilder();
        for (var n = from; n <= to; n++)
        {
            text.Append("line ").Append(n).Append('\n');
            if (n % 1000 == 0 || n == to)
            {
                file.Write(Encoding.UTF8.GetBytes(text.ToString()));
                file.Flush();
                text.Clear();
            }
        }
    }

    private static int LineNumber(SseMessage message) =>
        message.Event == "line" && JsonDocument.Parse(message.Data!).RootElement.GetProperty("text").GetString() is { } text
        && text.StartsWith("line ", StringComparison.Ordinal)
            ? int.Parse(text["line ".Length..], System.Globalization.CultureInfo.InvariantCulture)
            : 0;

    private static void AssertEveryLineOnceInOrder(IEnumerable<SseMessage> seen, RunningSystem system)
    {
        var events = seen.Where(message => message.Id is not null).ToList();
        Assert.Null(events.FirstOrDefault(message => message.Event is "gap" or "missed"));
        var ids = events.Select(message => ulong.Parse(message.Id!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var numbers = events.Select(LineNumber).Where(n => n > 0).ToList();

        // Numbered by the agent without a hole or a repeat; the burst's lines in the order they were written.
        Assert.True(ids.Zip(ids.Skip(1)).All(pair => pair.Second == pair.First + 1), $"ids jump or repeat; {system.Diagnostics[^Math.Min(4000, system.Diagnostics.Length)..]}");
        Assert.Equal(Enumerable.Range(1, Burst), numbers);
    }
}

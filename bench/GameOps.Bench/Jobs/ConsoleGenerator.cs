using GameOps.Bench.Agents;
using GameOps.Bench.Silo;
using GameOps.TestSupport;

namespace GameOps.Bench.Jobs;

/// <summary>What the console traffic's generator counted: lines since it started, the rest since recording began.</summary>
/// <param name="LinesAcknowledged">Lines the silo acknowledged (stored) since the agents connected.</param>
/// <param name="ChatLines">Chat lines sent since recording began.</param>
/// <param name="StreamsEnded">Console agents' streams that ended since they connected, and the first one's reason.</param>
public sealed record ConsoleGeneratorReport(
    long LinesAcknowledged, long ChatLines, long SendFailures, long LinesTimed, double DeliveryP50Ms, double DeliveryP99Ms,
    int StreamsEnded, string? FirstStreamEnd);

/// <summary>
/// The console traffic beside a job run: its agents (connected and heartbeating), their lines and the console viewers,
/// in this process (<see cref="LocalConsoleGenerator"/>) or in a process of its own (<see cref="ConsoleGeneratorProcess"/>).
/// </summary>
public interface IConsoleGenerator : IAsyncDisposable
{
    /// <summary>The generator's own process, when it has one: its CPU is what the console traffic costs the generator.</summary>
    int? ProcessId { get; }

    /// <summary>Subscribes the viewers and starts the lines; the agents are online by then.</summary>
    Task StartSendingAsync();

    /// <summary>Starts timing lines and counting chat lines; returns the lines acknowledged so far.</summary>
    Task<long> StartRecordingAsync();

    Task<ConsoleGeneratorReport> ReportAsync();

    /// <summary>
    /// Stops or resumes the lines (<c>--console-windows</c>), the agents staying connected and heartbeating; returns the
    /// lines acknowledged so far.
    /// </summary>
    Task<long> SetSendingAsync(bool sending);
}

/// <summary>The console traffic's agents, heartbeats, lines and viewers in this process.</summary>
public sealed class LocalConsoleGenerator : IConsoleGenerator
{
    private readonly AgentFleet _fleet;
    private readonly HttpClient _viewers;
    private readonly ConsoleTraffic _traffic;
    private readonly CancellationTokenSource _stopBeating = new();
    private readonly Task _beating;
    private ConsoleLoad? _load;
    private bool _disposed;

    private LocalConsoleGenerator(AgentFleet fleet, HttpClient viewers, ConsoleTraffic traffic)
    {
        _fleet = fleet;
        _viewers = viewers;
        _traffic = traffic;
        _beating = new HeartbeatScheduler(fleet.Agents, TimeSpan.FromSeconds(5)).RunAsync(_stopBeating.Token);
    }

    public int? ProcessId => null;

    /// <summary>Connects an agent for each of <paramref name="hosts"/>, heartbeating from its Hello on.</summary>
    public static async Task<LocalConsoleGenerator> ConnectAsync(
        Uri gateway, Uri api, string adminKey, IReadOnlyList<EnrolledHost> hosts, ConsoleTraffic traffic)
    {
        var fleet = AgentFleet.Create(gateway, hosts, packStreams: !traffic.OwnConnections, consoleServers: traffic.ServersPerAgent,
            frames: traffic.Client == ConsoleClient.Frames);
        var viewers = BenchSilo.CreateClient(api, adminKey, Math.Max(1, traffic.Viewers));
        viewers.Timeout = Timeout.InfiniteTimeSpan;
        var generator = new LocalConsoleGenerator(fleet, viewers, traffic);
        try
        {
            await fleet.ConnectAllAsync();
        }
        catch
        {
            await generator.DisposeAsync();
            throw;
        }

        return generator;
    }

    public async Task StartSendingAsync() => _load = await ConsoleLoad.StartAsync(_fleet, _viewers, _traffic);

    public Task<long> StartRecordingAsync()
    {
        var load = Started();
        load.StartRecording();
        return Task.FromResult(load.LinesAcknowledged);
    }

    public Task<long> SetSendingAsync(bool sending)
    {
        var load = Started();
        load.SetSending(sending);
        return Task.FromResult(load.LinesAcknowledged);
    }

    public Task<ConsoleGeneratorReport> ReportAsync()
    {
        var load = Started();
        var (ended, first) = _fleet.Failures();
        return Task.FromResult(new ConsoleGeneratorReport(
            load.LinesAcknowledged, load.ChatLinesRecorded, load.SendFailures, load.LinesTimed,
            load.DeliveryPercentileMilliseconds(0.5), load.DeliveryPercentileMilliseconds(0.99), ended, first));
    }

    /// <summary>Why agents are missing while the silo waits for them online.</summary>
    public string Diagnose()
    {
        var (ended, first) = _fleet.Failures();
        return $"Console agent streams ended: {ended} ({first}).";
    }

    /// <summary>Stops the lines, the viewers and the heartbeats and closes the streams; once, however often called.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _stopBeating.CancelAsync();
        await _beating;
        if (_load is not null)
        {
            await _load.DisposeAsync();
        }

        await _fleet.DisposeAsync();
        _viewers.Dispose();
        _stopBeating.Dispose();
    }

    private ConsoleLoad Started() => _load ?? throw new InvalidOperationException("The console traffic has not started sending.");
}

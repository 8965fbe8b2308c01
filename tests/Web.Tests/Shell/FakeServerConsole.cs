using System.Collections.Immutable;
using System.Security.Claims;
using GameOps.Grains;
using GameOps.Grains.GameServers;
using GameOps.Grains.Hosts;
using GameOps.Grains.Jobs;
using GameOps.Grains.Players;
using GameOps.Grains.ServerConsole;
using GameOps.Web.Servers;

namespace GameOps.Web.Tests.Shell;

/// <summary>The silo's side of the server page as a test sets it up: one server, its held lines, and batches the test sends.</summary>
public sealed class FakeServerConsole : IServerConsole
{
    public const string HostId = "h1";
    public const string ServerId = "navezgane";
    public static readonly DateTimeOffset At = new(2026, 12, 3, 15, 0, 0, TimeSpan.Zero);
    public static readonly Guid CountdownScheduleId = Guid.Parse("7a3c0e52-1d7e-4a8e-9a51-0c4b2f3f1e11");

    private Func<ImmutableArray<ConsoleLine>?, Task>? _watcher;

    public ServerDetail? Server { get; set; } = new(
        HostId, "Rack 1", HostStatus.Online, ServerId, "Navezgane", "7dtd-telnet", ServerHealth.Up, null, At, ["chat.say", "player.kick", "world.save"], CountdownScheduleId);

    /// <summary>The lines the control plane holds, as the silo's <c>ConsoleHistory.ReadAsync</c> would give them.</summary>
    public List<ConsoleLine> Held { get; } = [];

    /// <summary>How many numbers before the oldest held line were stored but are no longer held.</summary>
    public ulong Forgotten { get; set; }

    public List<OnlinePlayer> Players { get; } = [];

    /// <summary>Thrown by <see cref="SendAsync"/> when set.</summary>
    public Exception? SendFailure { get; set; }

    public List<(string Action, IReadOnlyDictionary<string, string> Arguments)> Sent { get; } = [];

    public List<ulong> ReadsAfter { get; } = [];

    public int Watches { get; private set; }

    public Task<ServerDetail?> GetServerAsync(ClaimsPrincipal user, string orgId, string hostId, string serverId) => Task.FromResult(Server);

    public Task<ConsoleBacklog> ReadConsoleAsync(ClaimsPrincipal user, string orgId, string hostId, string serverId, ulong after)
    {
        ReadsAfter.Add(after);
        var last = Held.Count > 0 ? Held[^1].Sequence : Forgotten;
        var oldest = Held.Count > 0 ? Held[0].FirstTold : last + 1;
        var missed = after + 1 < oldest ? oldest - after - 1 : 0;
        return Task.FromResult(new ConsoleBacklog([.. Held.Where(l => l.Sequence > after)], last, missed));
    }

    public Task<IAsyncDisposable> WatchConsoleAsync(
        ClaimsPrincipal user, string orgId, string hostId, string serverId, Func<ImmutableArray<ConsoleLine>?, Task> onLines, CancellationToken cancellationToken)
    {
        Watches++;
        _watcher = onLines;
        return Task.FromResult<IAsyncDisposable>(new Watch(this));
    }

    public Task<IReadOnlyList<OnlinePlayer>> ListPlayersAsync(ClaimsPrincipal user, string orgId, string hostId, string serverId) =>
        Task.FromResult<IReadOnlyList<OnlinePlayer>>([.. Players]);

    public Task<JobView> SendAsync(ClaimsPrincipal user, string orgId, string hostId, string serverId, string action, IReadOnlyDictionary<string, string> arguments)
    {
        if (SendFailure is { } failure)
        {
            throw failure;
        }

        Sent.Add((action, arguments));
        return Task.FromResult(Job(Guid.NewGuid(), action, arguments, JobState.Queued));
    }

    public List<(int Minutes, string? Message)> CountdownsStarted { get; } = [];

    public List<Guid> CountdownRuns { get; } = [];

    public List<Guid> CountdownsCancelled { get; } = [];

    /// <summary>Thrown by <see cref="StartRestartCountdownAsync"/> when set.</summary>
    public Exception? CountdownFailure { get; set; }

    public Task<RestartCountdown> StartRestartCountdownAsync(ClaimsPrincipal user, string orgId, string hostId, string serverId, int minutes, string? message)
    {
        if (CountdownFailure is { } failure)
        {
            return Task.FromException<RestartCountdown>(failure);
        }

        CountdownsStarted.Add((minutes, message));
        CountdownRuns.Add(Guid.NewGuid());
        return Task.FromResult(Countdown(CountdownRuns[^1], minutes));
    }

    public Task CancelRestartCountdownAsync(ClaimsPrincipal user, string orgId, string hostId, string serverId, Guid runId)
    {
        CountdownsCancelled.Add(runId);
        return Task.CompletedTask;
    }

    public static RestartCountdown Countdown(Guid runId, int minutes) =>
        new(runId, At, At.AddMinutes(minutes), [$"{minutes} minutes", "1 minute", "10 seconds"], "user:ada", Grains.Schedules.ScheduleRunOutcome.Running, null);

    /// <summary>Stores lines as the console grain would (held from now on) without telling the page.</summary>
    public void Store(params ConsoleLine[] lines) => Held.AddRange(lines);

    /// <summary>Hands a batch to the page as the fan-out would; null says batches were dropped.</summary>
    public Task PublishAsync(ImmutableArray<ConsoleLine>? lines) => (_watcher ?? throw new InvalidOperationException("The page did not follow the console."))(lines);

    public static ConsoleLine Line(ulong sequence) => new(sequence, At, $"line {sequence}", false, 0);

    public static ConsoleLine Gap(ulong sequence, ulong dropped) => new(sequence, At, "", false, dropped);

    public static JobView Job(Guid id, string action, IReadOnlyDictionary<string, string> arguments, JobState state, string? output = null, string? error = null) => new(
        id, FakeOrgConsole.OrgId, HostId, ServerId, action, arguments.ToImmutableDictionary(), state, new Actor(ActorKind.Web, "ada"), null, 0, At, At.AddSeconds(30),
        null, null, null, output, error);

    private sealed class Watch(FakeServerConsole console) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            console._watcher = null;
            return ValueTask.CompletedTask;
        }
    }
}

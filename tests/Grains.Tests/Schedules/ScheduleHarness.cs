using System.Collections.Immutable;
using System.Text.Json;
using System.Threading.Channels;
using GameOps.AgentProtocol;
using GameOps.Grains.Agents;
using GameOps.Grains.GameServers;
using GameOps.Grains.Hosts;
using GameOps.Grains.Jobs;
using GameOps.Grains.Players;
using GameOps.Grains.Schedules;
using GameOps.TestSupport;

namespace GameOps.Grains.Tests.Schedules;

/// <summary>
/// A host of a fresh org with one game server "main" whose agent records the jobs it is sent, and a schedule of that
/// org targeting it. Jobs are ended by the test (<see cref="CompleteAsync"/>), as an agent would.
/// </summary>
internal sealed class ScheduleHarness
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    public static readonly ImmutableArray<string> ConsoleActions = [GameActions.ChatSay, GameActions.WorldSave, GameActions.ServerShutdown, GameActions.PlayersList];

    private readonly ClusterFixture _fixture;

    private readonly Guid _connectionId;

    private ScheduleHarness(ClusterFixture fixture, string orgId, string hostId, RecordingAgent agent, Guid connectionId)
    {
        _connectionId = connectionId;
        _fixture = fixture;
        OrgId = orgId;
        HostId = hostId;
        Agent = agent;
        ScheduleId = Guid.NewGuid();
    }

    public string OrgId { get; }

    public string HostId { get; }

    /// <summary>The schedule the harness follows: a new one, unless the test names another.</summary>
    public Guid ScheduleId { get; set; }

    public RecordingAgent Agent { get; }

    public ScheduleTarget Target => new(HostId, "main");

    public IScheduleGrain Schedule => _fixture.Grains.GetGrain<IScheduleGrain>(ScheduleKeys.For(OrgId, ScheduleId));

    public IServerPlayersGrain Players => _fixture.Grains.GetGrain<IServerPlayersGrain>(GameServerKeys.For(HostId, "main"));

    public IGameServerGrain Server => _fixture.Grains.GetGrain<IGameServerGrain>(GameServerKeys.For(HostId, "main"));

    public ManualDomainClock Clock => _fixture.Clock;

    public static async Task<ScheduleHarness> StartAsync(ClusterFixture fixture, ImmutableArray<string>? capabilities = null)
    {
        var orgId = $"org-{Guid.NewGuid():N}";
        var host = await TestData.RegisteredHostAsync(fixture.Grains, orgId);
        var agent = new RecordingAgent();
        var connectionId = Guid.NewGuid();
        await host.ConnectAsync(connectionId, TestData.Peer, fixture.Grains.CreateObjectReference<IAgentObserver>(agent),
            new AgentHello("test", [new GameServerDescriptor("main", "Main", "7dtd", capabilities ?? ConsoleActions)]));
        return new ScheduleHarness(fixture, orgId, host.GetPrimaryKeyString(), agent, connectionId);
    }

    public ScheduleSpec Spec(params ScheduleStep[] steps) =>
        new("Nightly", "0 4 * * *", "UTC", Enabled: true, [Target], [.. steps], MissedRunPolicy.Skip, OverlapPolicy.Skip, InterruptedRunPolicy.Resume, TimeSpan.FromHours(2));

    public static ScheduleStep Countdown(params int[] marks) =>
        new(ScheduleStepKind.RestartWithCountdown, Marks: [.. marks], Text: "Restart in {remaining}");

    public static ScheduleStep Say(string message) =>
        new(ScheduleStepKind.Action, GameActions.ChatSay, ImmutableDictionary<string, string>.Empty.Add("message", message));

    /// <summary>The next job the agent is sent, within the patience.</summary>
    public async Task<JobView> NextJobAsync()
    {
        AgentJob sent;
        try
        {
            sent = await Agent.Received.Reader.ReadAsync().AsTask().WaitAsync(Patience);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"No job was sent within {Patience}; the schedule: {JsonSerializer.Serialize(await Schedule.GetAsync(), GameOpsApi.Json)}");
            throw;
        }

        return (await _fixture.Grains.GetJobGrain(sent.JobId).GetAsync())!;
    }

    /// <summary>Ends a job as its agent would, successfully.</summary>
    public Task CompleteAsync(JobView job) => _fixture.Grains.GetJobGrain(job.Id).CompleteAsync(new JobResult(true, "ok"));

    public async Task<JobView> NextCompletedJobAsync()
    {
        var job = await NextJobAsync();
        await CompleteAsync(job);
        return job;
    }

    /// <summary>
    /// Moves the domain clock to <paramref name="at"/> and waits until the schedule has looked at it. The agent
    /// heartbeats every few (domain) seconds on the way, so its host does not take it for gone and hold its jobs back.
    /// </summary>
    public async Task MoveClockToAsync(DateTimeOffset at)
    {
        var host = _fixture.Grains.GetHostGrain(HostId);
        for (var left = at - Clock.UtcNow; left > TimeSpan.Zero; left = at - Clock.UtcNow)
        {
            Clock.Advance(left < HeartbeatStep ? left : HeartbeatStep);
            Assert.True(await host.HeartbeatAsync(_connectionId, new HostMetrics(1, 1, 1, 1, 1)));
        }

        await SeenAsync();
    }

    private static readonly TimeSpan HeartbeatStep = TimeSpan.FromSeconds(3);

    /// <summary>Waits until the schedule has looked at the clock as it reads now (or later).</summary>
    public async Task SeenAsync()
    {
        var now = Clock.UtcNow;
        await Eventually.ReadAsync(Schedule.GetAsync, v => v?.CheckedAt >= now, Patience);
    }

    /// <summary>How many jobs the host was given, whether or not its agent has been sent them yet.</summary>
    public Task<int> JobCountAsync() => Task.FromResult(_fixture.StorageFaults.JobsStoredFor(HostId).Count);

    public async Task<ScheduleRun> RunEndedAsync(Guid runId) =>
        (await Eventually.ReadAsync(
            async () => (await Schedule.ListRecentRunsAsync()).FirstOrDefault(r => r.RunId == runId && r.EndedAt is not null),
            r => r is not null,
            Patience))!;
}

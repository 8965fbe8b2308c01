using GameOps.AgentProtocol;
using GameOps.EdgeAgent.Adapters;
using GameOps.EdgeAgent.Adapters.SourceRcon;
using GameOps.EdgeAgent.Jobs;
using GameOps.EdgeAgent.Policy;
using GameOps.EdgeAgent.Tests.SourceRcon;
using Microsoft.Extensions.Logging.Abstractions;

namespace GameOps.EdgeAgent.Tests.Jobs;

/// <summary>Exactly-once effect: the journal in front of a real runner and a real RCON double that counts executions.</summary>
public sealed class JobProcessorTests : IAsyncLifetime
{
    private const string Password = "rcon-pw-55d1";
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(10);

    private readonly TempDirectory _temp = new();
    private readonly TaskCompletionSource _gameEntered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ManualResetEventSlim _releaseGame = new(initialState: true);
    private readonly SourceRconTestServer _game;
    private readonly SourceRconAdapter _adapter = new(NullLoggerFactory.Instance, TimeProvider.System);
    private JobJournal _journal;

    public JobProcessorTests()
    {
        _game = new SourceRconTestServer(Password, command =>
        {
            _gameEntered.TrySetResult();
            _releaseGame.Wait(WaitLimit);
            return "done:" + command;
        });
        _journal = OpenJournal();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _releaseGame.Set();
        _journal.Dispose();
        await _adapter.DisposeAsync();
        await _game.DisposeAsync();
        _releaseGame.Dispose();
        _temp.Dispose();
    }

    private JobJournal OpenJournal() => JobJournal.Open(_temp.Combine("journal.jsonl"), NullLogger<JobJournal>.Instance, TimeProvider.System);

    private JobProcessor Processor()
    {
        var config = TestConfigs.Agent(_journal.FilePath, [TestConfigs.Server(_game, Password)]);
        var runner = new JobRunner(config, new GameAdapterRegistry([_adapter]), new ServerPolicies(config, TimeProvider.System), TimeProvider.System, NullLogger<JobRunner>.Instance);
        return new JobProcessor(_journal, runner, NullLogger<JobProcessor>.Instance);
    }

    private static JobAssignment Raw(string jobId, string command) =>
        TestConfigs.Assignment(jobId, GameActions.ConsoleRaw, arguments: ("command", command));

    [Fact]
    public async Task Finished_job_delivered_again_is_answered_from_the_journal_and_not_run()
    {
        var processor = Processor();
        var progress = new List<JobUpdate>();
        var first = await processor.ProcessAsync(Raw("job-1", "save"), progress.Add, CancellationToken.None);

        var again = await processor.ProcessAsync(Raw("job-1", "save"), progress.Add, CancellationToken.None);

        Assert.Equal(JobPhase.Succeeded, first!.Phase);
        Assert.Equal(first, again);
        Assert.Equal("done:save", again!.Output);
        Assert.Single(progress, update => update.Phase == JobPhase.Running);
        Assert.Equal(1, _game.ExecutionCount("save"));
    }

    [Fact]
    public async Task Finished_job_delivered_after_a_restart_is_not_run_again()
    {
        await Processor().ProcessAsync(Raw("job-1", "save"), _ => { }, CancellationToken.None);
        _journal.Dispose();
        _journal = OpenJournal();

        var again = await Processor().ProcessAsync(Raw("job-1", "save"), _ => { }, CancellationToken.None);

        Assert.Equal(JobPhase.Succeeded, again!.Phase);
        Assert.Equal("done:save", again.Output);
        Assert.Equal(1, _game.ExecutionCount("save"));
    }

    [Fact]
    public async Task Job_cut_short_by_a_restart_is_answered_failed_and_not_run()
    {
        // The agent died after writing "started": the game may or may not have run it.
        _journal.Admit("job-1", TestConfigs.ServerId, GameActions.ConsoleRaw);
        _journal.Dispose();
        _journal = OpenJournal();

        var update = await Processor().ProcessAsync(Raw("job-1", "save"), _ => { }, CancellationToken.None);

        Assert.Equal(JobPhase.Failed, update!.Phase);
        Assert.Equal(JobJournal.InterruptedError(GameActions.ConsoleRaw), update.Error);
        Assert.Equal(0, _game.ExecutionCount("save"));
    }

    [Fact]
    public async Task Read_cut_short_by_a_restart_runs_again_when_delivered_again()
    {
        _journal.Admit("job-1", TestConfigs.ServerId, GameActions.PlayersList);
        _journal.Dispose();
        _journal = OpenJournal();

        var update = await Processor().ProcessAsync(TestConfigs.Assignment("job-1", GameActions.PlayersList), _ => { }, CancellationToken.None);

        // The double's answer is no status report, so the read itself may fail; what counts is that it ran.
        Assert.NotNull(update);
        Assert.Equal(1, _game.ExecutionCount("status"));
    }

    [Fact]
    public async Task Duplicate_arriving_while_the_job_runs_is_not_run_twice()
    {
        _releaseGame.Reset();
        var processor = Processor();
        var running = processor.ProcessAsync(Raw("job-1", "save"), _ => { }, CancellationToken.None);
        await _gameEntered.Task.WaitAsync(WaitLimit);

        var duplicate = await processor.ProcessAsync(Raw("job-1", "save"), _ => { }, CancellationToken.None).WaitAsync(WaitLimit);
        _releaseGame.Set();
        var final = await running.WaitAsync(WaitLimit);

        Assert.Null(duplicate);
        Assert.Equal(JobPhase.Succeeded, final!.Phase);
        Assert.Equal(1, _game.ExecutionCount("save"));
    }

    [Fact]
    public async Task Refused_job_is_journaled_like_any_other()
    {
        var processor = Processor();
        var first = await processor.ProcessAsync(TestConfigs.Assignment("job-1", "server.restart"), _ => { }, CancellationToken.None);

        var again = await processor.ProcessAsync(TestConfigs.Assignment("job-1", "server.restart"), _ => { }, CancellationToken.None);

        Assert.Equal(JobPhase.Failed, first!.Phase);
        Assert.StartsWith("game kind 'source-rcon' of server 'game' has no action 'server.restart'; its actions are ", first.Error, StringComparison.Ordinal);
        Assert.Equal(first, again);
    }
}

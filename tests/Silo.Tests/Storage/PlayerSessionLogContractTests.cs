using GameOps.Grains.Players;
using GameOps.Silo.Players;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Storage;

namespace GameOps.Silo.Tests.Storage;

/// <summary>
/// What every player session history must do, whatever the store: sessions written with the players grain's state,
/// one row per session however often it is written (opened, then closed), listed per server newest first, by time
/// and a page at a time. Each implementation subclasses this with its fixture.
/// </summary>
public abstract class PlayerSessionLogContractTests
{
    private const string OrgId = "org-players";
    private readonly DateTimeOffset _now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    protected abstract IPlayerSessionLog Log { get; }

    /// <summary>The grain storage the players grains write through, keeping <see cref="Log"/>.</summary>
    protected abstract IGrainStorage Storage { get; }

    [Fact]
    public async Task A_session_opened_then_closed_is_one_row_with_its_end_and_duration()
    {
        var opened = Session("h1", "alice", _now);
        await StoreAsync("h1", opened);

        var closed = opened with { EndedAt = _now.AddMinutes(90), EndReconciled = true };
        await StoreAsync("h1", closed);

        var listed = Assert.Single((await Log.ListAsync(new PlayerSessionQuery(OrgId, "h1", "main", 10))).Sessions);
        Assert.Equal(closed, listed);
        Assert.Equal(TimeSpan.FromMinutes(90), listed.Duration);
    }

    [Fact]
    public async Task A_state_written_without_sessions_adds_none()
    {
        var state = new TestGrainState<ServerPlayersState> { State = new ServerPlayersState { OrgId = OrgId } };

        await Storage.WriteStateAsync("players", GrainIdOf("h2/main"), state);

        Assert.Empty((await Log.ListAsync(new PlayerSessionQuery(OrgId, "h2", "main", 10))).Sessions);
    }

    [Fact]
    public async Task Sessions_list_per_server_newest_first_a_page_at_a_time_and_by_time()
    {
        var sessions = new List<PlayerSession>();
        for (var i = 0; i < 5; i++)
        {
            var session = Session("h3", $"p{i}", _now.AddHours(i), _now.AddHours(i).AddMinutes(30));
            sessions.Add(session);
            await StoreAsync("h3", session);
        }

        var online = Session("h3", "online", _now.AddHours(10));
        await StoreAsync("h3", online);
        await StoreAsync("h3", Session("h3", "elsewhere", _now) with { ServerId = "other" });
        await StoreAsync("h3", Session("h3", "other-org", _now) with { OrgId = "org-other" });

        var first = await Log.ListAsync(new PlayerSessionQuery(OrgId, "h3", "main", 4));
        var second = await Log.ListAsync(new PlayerSessionQuery(OrgId, "h3", "main", 4, After: first.Next));
        Assert.Equal(
            ["online", "p4", "p3", "p2", "p1", "p0"],
            first.Sessions.Concat(second.Sessions).Select(s => s.PlayerName));
        Assert.Null(second.Next);

        // From: still going on at or after it; To: started before it.
        var window = await Log.ListAsync(new PlayerSessionQuery(OrgId, "h3", "main", 10, From: _now.AddHours(2).AddMinutes(45), To: _now.AddHours(4)));
        Assert.Equal(["p3"], window.Sessions.Select(s => s.PlayerName));
        var since = await Log.ListAsync(new PlayerSessionQuery(OrgId, "h3", "main", 10, From: _now.AddHours(4).AddMinutes(30)));
        Assert.Equal(["online", "p4"], since.Sessions.Select(s => s.PlayerName));
    }

    [Fact]
    public async Task Delete_ended_before_removes_only_closed_sessions_that_ended_before_the_cutoff()
    {
        var cutoff = _now;
        await StoreAsync("h4", Session("h4", "old", _now.AddDays(-3), _now.AddDays(-2)));
        await StoreAsync("h4", Session("h4", "ended-at-cutoff", _now.AddDays(-1), cutoff));
        await StoreAsync("h4", Session("h4", "spans-cutoff", _now.AddDays(-2), _now.AddHours(1)));
        await StoreAsync("h4", Session("h4", "open-for-long", _now.AddDays(-400)));

        Assert.Equal(1, await Log.DeleteEndedBeforeAsync(cutoff).WithTimeout());

        var kept = await Log.ListAsync(new PlayerSessionQuery(OrgId, "h4", "main", 10));
        Assert.Equal(["ended-at-cutoff", "spans-cutoff", "open-for-long"], kept.Sessions.Select(s => s.PlayerName));
        Assert.Equal(0, await Log.DeleteEndedBeforeAsync(cutoff).WithTimeout());
    }

    [Fact]
    public async Task Sweep_deletes_only_sessions_that_ended_before_the_retention()
    {
        var retention = new PlayersOptions().SessionRetention;
        await StoreAsync("h5", Session("h5", "gone", _now - retention - TimeSpan.FromDays(2), _now - retention - TimeSpan.FromDays(1)));
        await StoreAsync("h5", Session("h5", "recent", _now - retention - TimeSpan.FromDays(1), _now - retention + TimeSpan.FromDays(1)));
        await StoreAsync("h5", Session("h5", "online", _now - retention - TimeSpan.FromDays(30)));
        var sweeper = new PlayerSessionSweeper(Log, new FixedClock(_now), Options.Create(new PlayersOptions()), NullLogger<PlayerSessionSweeper>.Instance);

        Assert.Equal(1, await sweeper.SweepAsync(CancellationToken.None).WithTimeout());
        var kept = await Log.ListAsync(new PlayerSessionQuery(OrgId, "h5", "main", 10));
        Assert.Equal(["recent", "online"], kept.Sessions.Select(s => s.PlayerName));
        Assert.Equal(0, await sweeper.SweepAsync(CancellationToken.None).WithTimeout());
    }

    // Each server's grain writes its own state again and again, as the players grain does.
    private readonly Dictionary<string, TestGrainState<ServerPlayersState>> _states = [];

    private async Task StoreAsync(string hostId, PlayerSession session)
    {
        var key = $"{hostId}/{session.ServerId}/{session.OrgId}";
        if (!_states.TryGetValue(key, out var state))
        {
            _states[key] = state = new TestGrainState<ServerPlayersState> { State = new ServerPlayersState { OrgId = session.OrgId } };
        }

        ((IPlayerSessionsState)state.State).UnwrittenSessions.Add(session);
        await Storage.WriteStateAsync("players", GrainIdOf(key), state);
        ((IPlayerSessionsState)state.State).UnwrittenSessions.Clear();
    }

    private static PlayerSession Session(string hostId, string name, DateTimeOffset start, DateTimeOffset? end = null) =>
        new(Guid.CreateVersion7(start), OrgId, hostId, "main", name, "171", start, end);

    private static GrainId GrainIdOf(string key) => GrainId.Create(GrainType.Create("serverplayers"), IdSpan.Create(key));
}

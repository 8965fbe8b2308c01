using GameOps.Silo.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Storage;

namespace GameOps.Silo.Tests.Storage;

public sealed class SqliteGrainStorageTests : IDisposable
{
    private const string StateName = "counter";

    private readonly SqliteTestDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task Reading_missing_state_gives_defaults_without_etag()
    {
        var state = new TestGrainState<CounterState> { State = new CounterState { Count = 7 }, ETag = "stale", RecordExists = true };

        await Storage().ReadStateAsync(StateName, NewGrain(), state).WithTimeout();

        Assert.Equal(0, state.State.Count);
        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
    }

    [Fact]
    public async Task Written_state_reads_back_with_its_etag()
    {
        var storage = Storage();
        var grain = NewGrain();
        var written = new TestGrainState<CounterState> { State = new CounterState { Count = 3, Label = "three", Items = ["a", "b"] } };

        await storage.WriteStateAsync(StateName, grain, written).WithTimeout();
        var read = new TestGrainState<CounterState>();
        await storage.ReadStateAsync(StateName, grain, read).WithTimeout();

        Assert.True(written.RecordExists);
        Assert.NotNull(written.ETag);
        Assert.Equal(written.ETag, read.ETag);
        Assert.True(read.RecordExists);
        Assert.Equal(3, read.State.Count);
        Assert.Equal("three", read.State.Label);
        Assert.Equal(["a", "b"], read.State.Items);
    }

    [Fact]
    public async Task Each_write_gives_a_new_etag()
    {
        var storage = Storage();
        var grain = NewGrain();
        var state = new TestGrainState<CounterState> { State = new CounterState { Count = 1 } };

        await storage.WriteStateAsync(StateName, grain, state).WithTimeout();
        var first = state.ETag;
        state.State.Count = 2;
        await storage.WriteStateAsync(StateName, grain, state).WithTimeout();

        var read = new TestGrainState<CounterState>();
        await storage.ReadStateAsync(StateName, grain, read).WithTimeout();
        Assert.NotEqual(first, state.ETag);
        Assert.Equal(state.ETag, read.ETag);
        Assert.Equal(2, read.State.Count);
    }

    [Fact]
    public async Task Insert_with_null_etag_conflicts_when_the_row_exists()
    {
        var storage = Storage();
        var grain = NewGrain();
        var first = new TestGrainState<CounterState> { State = new CounterState { Count = 1 } };
        await storage.WriteStateAsync(StateName, grain, first).WithTimeout();

        var second = new TestGrainState<CounterState> { State = new CounterState { Count = 2 } };
        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grain, second).WithTimeout());

        Assert.Equal(first.ETag, conflict.StoredEtag);
        Assert.Null(conflict.CurrentEtag);
        Assert.Equal(1, (await ReadAsync(storage, grain)).State.Count);
    }

    [Fact]
    public async Task Write_with_stale_etag_conflicts()
    {
        var storage = Storage();
        var grain = NewGrain();
        var winner = new TestGrainState<CounterState> { State = new CounterState { Count = 1 } };
        await storage.WriteStateAsync(StateName, grain, winner).WithTimeout();
        var loser = new TestGrainState<CounterState> { State = new CounterState { Count = 10 }, ETag = winner.ETag };
        winner.State.Count = 2;
        await storage.WriteStateAsync(StateName, grain, winner).WithTimeout();

        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grain, loser).WithTimeout());

        Assert.Equal(winner.ETag, conflict.StoredEtag);
        Assert.Equal(2, (await ReadAsync(storage, grain)).State.Count);
    }

    [Fact]
    public async Task Write_with_etag_conflicts_when_the_row_is_missing()
    {
        var state = new TestGrainState<CounterState> { State = new CounterState(), ETag = "42" };

        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage().WriteStateAsync(StateName, NewGrain(), state).WithTimeout());

        Assert.Null(conflict.StoredEtag);
        Assert.Equal("42", conflict.CurrentEtag);
    }

    [Fact]
    public async Task Clear_with_current_etag_deletes_the_row()
    {
        var storage = Storage();
        var grain = NewGrain();
        var state = new TestGrainState<CounterState> { State = new CounterState { Count = 5 } };
        await storage.WriteStateAsync(StateName, grain, state).WithTimeout();

        await storage.ClearStateAsync(StateName, grain, state).WithTimeout();

        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
        Assert.Equal(0, state.State.Count);
        var read = await ReadAsync(storage, grain);
        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
    }

    [Fact]
    public async Task Clear_with_stale_etag_conflicts_and_keeps_the_row()
    {
        var storage = Storage();
        var grain = NewGrain();
        var state = new TestGrainState<CounterState> { State = new CounterState { Count = 1 } };
        await storage.WriteStateAsync(StateName, grain, state).WithTimeout();
        var stale = new TestGrainState<CounterState> { State = new CounterState(), ETag = state.ETag };
        await storage.WriteStateAsync(StateName, grain, state).WithTimeout();

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync(StateName, grain, stale).WithTimeout());

        var read = await ReadAsync(storage, grain);
        Assert.True(read.RecordExists);
        Assert.Equal(state.ETag, read.ETag);
    }

    [Fact]
    public async Task Clear_with_null_etag_conflicts_when_the_row_exists()
    {
        var storage = Storage();
        var grain = NewGrain();
        await storage.WriteStateAsync(StateName, grain, new TestGrainState<CounterState> { State = new CounterState() }).WithTimeout();

        await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.ClearStateAsync(StateName, grain, new TestGrainState<CounterState> { State = new CounterState() }).WithTimeout());

        Assert.True((await ReadAsync(storage, grain)).RecordExists);
    }

    [Fact]
    public async Task Clear_with_null_etag_and_no_row_succeeds()
    {
        var state = new TestGrainState<CounterState> { State = new CounterState { Count = 4 } };

        await Storage().ClearStateAsync(StateName, NewGrain(), state).WithTimeout();

        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
        Assert.Equal(0, state.State.Count);
    }

    [Fact]
    public async Task Etag_from_before_a_clear_does_not_match_the_row_written_after_it()
    {
        var storage = Storage();
        var grain = NewGrain();
        var state = new TestGrainState<CounterState> { State = new CounterState { Count = 1 } };
        await storage.WriteStateAsync(StateName, grain, state).WithTimeout();
        var before = new TestGrainState<CounterState> { State = new CounterState { Count = 99 }, ETag = state.ETag };
        await storage.ClearStateAsync(StateName, grain, state).WithTimeout();
        await storage.WriteStateAsync(StateName, grain, state).WithTimeout();

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grain, before).WithTimeout());
    }

    [Fact]
    public async Task Providers_state_names_and_grains_do_not_see_each_other()
    {
        var gameops = Storage("gameops");
        var pubSub = Storage("PubSubStore");
        var grain = NewGrain();
        var other = NewGrain();
        await gameops.WriteStateAsync(StateName, grain, new TestGrainState<CounterState> { State = new CounterState { Count = 1 } }).WithTimeout();

        Assert.True((await ReadAsync(gameops, grain)).RecordExists);
        Assert.False((await ReadAsync(pubSub, grain)).RecordExists);
        Assert.False((await ReadAsync(gameops, grain, "other-state")).RecordExists);
        Assert.False((await ReadAsync(gameops, other)).RecordExists);

        // The same key in another provider is a separate row: inserting it is no conflict.
        await pubSub.WriteStateAsync(StateName, grain, new TestGrainState<CounterState> { State = new CounterState { Count = 2 } }).WithTimeout();
        Assert.Equal(1, (await ReadAsync(gameops, grain)).State.Count);
        Assert.Equal(2, (await ReadAsync(pubSub, grain)).State.Count);
    }

    [Fact]
    public async Task Concurrent_writes_to_500_grains_all_land()
    {
        var storage = Storage();
        var grains = Enumerable.Range(0, 500).Select(_ => NewGrain()).ToArray();

        await Task.WhenAll(grains.Select((grain, i) =>
            storage.WriteStateAsync(StateName, grain, new TestGrainState<CounterState> { State = new CounterState { Count = i } }))).WithTimeout();

        for (var i = 0; i < grains.Length; i++)
        {
            var read = await ReadAsync(storage, grains[i]);
            Assert.True(read.RecordExists);
            Assert.Equal(i, read.State.Count);
        }
    }

    [Fact]
    public async Task Conflicting_insert_fails_alone_in_its_batch()
    {
        var storage = Storage();
        var existing = NewGrain();
        var existingState = new TestGrainState<CounterState> { State = new CounterState { Count = 1 } };
        await storage.WriteStateAsync(StateName, existing, existingState).WithTimeout();
        var grains = Enumerable.Range(0, 20).Select(_ => NewGrain()).ToArray();

        Task conflicting;
        Task[] valid;
        await using (await WriterHold.StartAsync(_db.Database))
        {
            valid = grains.Take(10)
                .Select(grain => storage.WriteStateAsync(StateName, grain, new TestGrainState<CounterState> { State = new CounterState { Count = 7 } }))
                .ToArray();
            conflicting = storage.WriteStateAsync(StateName, existing, new TestGrainState<CounterState> { State = new CounterState { Count = 2 } });
            valid = [.. valid, .. grains.Skip(10).Select(grain =>
                storage.WriteStateAsync(StateName, grain, new TestGrainState<CounterState> { State = new CounterState { Count = 7 } }))];
        }

        await Assert.ThrowsAsync<InconsistentStateException>(() => conflicting.WithTimeout());
        await Task.WhenAll(valid).WithTimeout();
        foreach (var grain in grains)
        {
            Assert.Equal(7, (await ReadAsync(storage, grain)).State.Count);
        }

        Assert.Equal(1, (await ReadAsync(storage, existing)).State.Count);
    }

    [Fact]
    public async Task State_survives_reopening_the_database()
    {
        var grain = NewGrain();
        var state = new TestGrainState<CounterState> { State = new CounterState { Count = 12, Label = "kept" } };
        await Storage().WriteStateAsync(StateName, grain, state).WithTimeout();

        await _db.ReopenAsync();

        var read = await ReadAsync(Storage(), grain);
        Assert.True(read.RecordExists);
        Assert.Equal(state.ETag, read.ETag);
        Assert.Equal(12, read.State.Count);
        Assert.Equal("kept", read.State.Label);
    }

    private static GrainId NewGrain() => GrainId.Create("counter", Guid.NewGuid().ToString("N"));

    private static async Task<TestGrainState<CounterState>> ReadAsync(SqliteGrainStorage storage, GrainId grain, string stateName = StateName)
    {
        var state = new TestGrainState<CounterState>();
        await storage.ReadStateAsync(stateName, grain, state).WithTimeout();
        return state;
    }

    private SqliteGrainStorage Storage(string name = "gameops") =>
        new(name, _db.Database, TestSerializer.CreateGrainStorageSerializer(), NullLogger<SqliteGrainStorage>.Instance);
}

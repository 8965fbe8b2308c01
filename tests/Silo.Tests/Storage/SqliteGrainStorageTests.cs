using GameOps.Silo.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Storage;

namespace GameOps.Silo.Tests.Storage;

/// <summary>The grain storage contract on the embedded SQLite store, and what only this store promises.</summary>
public sealed class SqliteGrainStorageTests : GrainStorageContractTests, IDisposable
{
    private readonly SqliteTestDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task Conflicts_name_the_stored_and_the_presented_etags()
    {
        var storage = Storage();
        var grain = NewGrain();
        var first = new TestGrainState<CounterState> { State = new CounterState { Count = 1 } };
        await storage.WriteStateAsync(StateName, grain, first).WithTimeout();

        var insert = await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.WriteStateAsync(StateName, grain, new TestGrainState<CounterState> { State = new CounterState() }).WithTimeout());
        var missing = await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.WriteStateAsync(StateName, NewGrain(), new TestGrainState<CounterState> { State = new CounterState(), ETag = "42" }).WithTimeout());

        Assert.Equal((first.ETag, null), (insert.StoredEtag, insert.CurrentEtag));
        Assert.Equal((null, "42"), (missing.StoredEtag, missing.CurrentEtag));
    }

    [Fact]
    public async Task Clear_deletes_the_row_and_forgets_the_etag()
    {
        var storage = Storage();
        var grain = NewGrain();
        var state = new TestGrainState<CounterState> { State = new CounterState { Count = 5 } };
        await storage.WriteStateAsync(StateName, grain, state).WithTimeout();

        await storage.ClearStateAsync(StateName, grain, state).WithTimeout();

        Assert.Null(state.ETag);
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

    protected override IGrainStorage Storage(string name = "gameops") =>
        new SqliteGrainStorage(name, _db.Database, TestSerializer.CreateGrainStorageSerializer(), NullLogger<SqliteGrainStorage>.Instance);
}

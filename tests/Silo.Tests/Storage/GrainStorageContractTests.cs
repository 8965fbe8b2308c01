using Orleans.Storage;

namespace GameOps.Silo.Tests.Storage;

/// <summary>
/// What every grain storage GameOps runs on must do (ETags, insert-only, conflicts, clear), whatever the store. Each
/// implementation subclasses this with its fixture and adds what only it promises.
/// </summary>
public abstract class GrainStorageContractTests
{
    protected const string StateName = "counter";

    /// <summary>The storage under test, registered under <paramref name="name"/>.</summary>
    protected abstract IGrainStorage Storage(string name = "gameops");

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
        var read = await ReadAsync(storage, grain);

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

        var read = await ReadAsync(storage, grain);
        Assert.NotEqual(first, state.ETag);
        Assert.Equal(state.ETag, read.ETag);
        Assert.Equal(2, read.State.Count);
    }

    [Fact]
    public async Task Insert_with_null_etag_conflicts_when_the_row_exists()
    {
        var storage = Storage();
        var grain = NewGrain();
        await storage.WriteStateAsync(StateName, grain, new TestGrainState<CounterState> { State = new CounterState { Count = 1 } }).WithTimeout();

        var second = new TestGrainState<CounterState> { State = new CounterState { Count = 2 } };
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grain, second).WithTimeout());

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

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grain, loser).WithTimeout());

        Assert.Equal(2, (await ReadAsync(storage, grain)).State.Count);
    }

    [Fact]
    public async Task Of_two_writers_holding_the_same_etag_one_wins()
    {
        var storage = Storage();
        var grain = NewGrain();
        var first = new TestGrainState<CounterState> { State = new CounterState { Count = 1 } };
        await storage.WriteStateAsync(StateName, grain, first).WithTimeout();
        var writers = Enumerable.Range(2, 8)
            .Select(count => new TestGrainState<CounterState> { State = new CounterState { Count = count }, ETag = first.ETag })
            .ToArray();

        var outcomes = await Task.WhenAll(writers.Select(async writer =>
        {
            try
            {
                await storage.WriteStateAsync(StateName, grain, writer);
                return true;
            }
            catch (InconsistentStateException)
            {
                return false;
            }
        })).WithTimeout();

        var winner = Assert.Single(writers.Where((_, i) => outcomes[i]));
        var read = await ReadAsync(storage, grain);
        Assert.Equal(winner.State.Count, read.State.Count);
        Assert.Equal(winner.ETag, read.ETag);
    }

    [Fact]
    public async Task Write_with_etag_conflicts_when_the_row_is_missing()
    {
        var state = new TestGrainState<CounterState> { State = new CounterState(), ETag = "42" };

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage().WriteStateAsync(StateName, NewGrain(), state).WithTimeout());
    }

    [Fact]
    public async Task Clear_with_current_etag_clears_the_state()
    {
        var storage = Storage();
        var grain = NewGrain();
        var state = new TestGrainState<CounterState> { State = new CounterState { Count = 5 } };
        await storage.WriteStateAsync(StateName, grain, state).WithTimeout();

        await storage.ClearStateAsync(StateName, grain, state).WithTimeout();

        Assert.False(state.RecordExists);
        Assert.Equal(0, state.State.Count);
        var read = await ReadAsync(storage, grain);
        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
        Assert.Equal(0, read.State.Count);
    }

    [Fact]
    public async Task Cleared_state_is_written_again_by_the_grain_that_cleared_it_or_by_a_fresh_reader()
    {
        var storage = Storage();
        var grain = NewGrain();
        var clearer = new TestGrainState<CounterState> { State = new CounterState { Count = 5 } };
        await storage.WriteStateAsync(StateName, grain, clearer).WithTimeout();
        await storage.ClearStateAsync(StateName, grain, clearer).WithTimeout();

        var reader = await ReadAsync(storage, grain);
        reader.State.Count = 6;
        await storage.WriteStateAsync(StateName, grain, reader).WithTimeout();
        await storage.ClearStateAsync(StateName, grain, reader).WithTimeout();
        reader.State.Count = 7;
        await storage.WriteStateAsync(StateName, grain, reader).WithTimeout();

        Assert.Equal(7, (await ReadAsync(storage, grain)).State.Count);
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
    public async Task State_names_and_grains_do_not_see_each_other()
    {
        var storage = Storage();
        var grain = NewGrain();
        var other = NewGrain();
        await storage.WriteStateAsync(StateName, grain, new TestGrainState<CounterState> { State = new CounterState { Count = 1 } }).WithTimeout();

        Assert.True((await ReadAsync(storage, grain)).RecordExists);
        Assert.False((await ReadAsync(storage, grain, "other-state")).RecordExists);
        Assert.False((await ReadAsync(storage, other)).RecordExists);

        // The same grain under another state name is a separate row: inserting it is no conflict.
        await storage.WriteStateAsync("other-state", grain, new TestGrainState<CounterState> { State = new CounterState { Count = 2 } }).WithTimeout();
        Assert.Equal(1, (await ReadAsync(storage, grain)).State.Count);
        Assert.Equal(2, (await ReadAsync(storage, grain, "other-state")).State.Count);
    }

    [Fact]
    public async Task Grains_keyed_by_guid_integer_and_string_keep_their_own_state()
    {
        var storage = Storage();
        var id = Guid.NewGuid();
        GrainId[] grains =
        [
            GrainId.Create("counter", id.ToString("N")),
            GrainId.Create(GrainType.Create("counter"), GrainIdKeyExtensions.CreateGuidKey(id, "extension")),
            GrainId.Create(GrainType.Create("counter"), GrainIdKeyExtensions.CreateIntegerKey(42)),
            GrainId.Create(GrainType.Create("counter"), GrainIdKeyExtensions.CreateIntegerKey(42, "extension")),
            GrainId.Create("counter", $"host-{id:N}"),
        ];

        for (var i = 0; i < grains.Length; i++)
        {
            await storage.WriteStateAsync(StateName, grains[i], new TestGrainState<CounterState> { State = new CounterState { Count = i } }).WithTimeout();
        }

        for (var i = 0; i < grains.Length; i++)
        {
            Assert.Equal(i, (await ReadAsync(storage, grains[i])).State.Count);
        }
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

    protected static GrainId NewGrain() => GrainId.Create("counter", Guid.NewGuid().ToString("N"));

    protected static async Task<TestGrainState<CounterState>> ReadAsync(IGrainStorage storage, GrainId grain, string stateName = StateName)
    {
        var state = new TestGrainState<CounterState>();
        await storage.ReadStateAsync(stateName, grain, state).WithTimeout();
        return state;
    }
}

namespace GameOps.Silo.Tests.Storage;

/// <summary>
/// What every reminder table GameOps runs on must do (ETags, the hash ring's ranges with wrap, service isolation),
/// whatever the store. Each implementation subclasses this with its fixture.
/// </summary>
public abstract class ReminderTableContractTests
{
    protected static readonly DateTime StartAt = new(2030, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    /// <summary>A started table of the service <paramref name="serviceId"/>, on the store every table of this test shares.</summary>
    protected abstract Task<IReminderTable> TableAsync(string serviceId = "gameops-test");

    [Fact]
    public async Task Upserted_reminder_reads_back_by_name_and_by_grain()
    {
        var table = await TableAsync();
        var grain = NewGrain();
        var etag = await table.UpsertRow(Entry(grain, "wake", TimeSpan.FromMinutes(5))).WithTimeout();
        await table.UpsertRow(Entry(grain, "backup", TimeSpan.FromHours(1))).WithTimeout();
        await table.UpsertRow(Entry(NewGrain(), "wake", TimeSpan.FromMinutes(5))).WithTimeout();

        var row = await table.ReadRow(grain, "wake").WithTimeout();
        var rows = await table.ReadRows(grain).WithTimeout();

        Assert.NotNull(row);
        Assert.Equal(grain, row.GrainId);
        Assert.Equal("wake", row.ReminderName);
        Assert.Equal(StartAt, row.StartAt);
        Assert.Equal(DateTimeKind.Utc, row.StartAt.Kind);
        Assert.Equal(TimeSpan.FromMinutes(5), row.Period);
        Assert.Equal(etag, row.ETag);
        Assert.Equal(["backup", "wake"], rows.Reminders.Select(r => r.ReminderName).Order());
    }

    [Fact]
    public async Task Reading_a_missing_reminder_gives_null()
    {
        Assert.Null(await (await TableAsync()).ReadRow(NewGrain(), "nothing").WithTimeout());
    }

    [Fact]
    public async Task Upsert_returns_a_new_etag_each_time_and_updates_the_row()
    {
        var table = await TableAsync();
        var grain = NewGrain();

        var first = await table.UpsertRow(Entry(grain, "wake", TimeSpan.FromMinutes(1))).WithTimeout();
        var second = await table.UpsertRow(Entry(grain, "wake", TimeSpan.FromMinutes(2))).WithTimeout();

        Assert.NotEqual(first, second);
        var row = await table.ReadRow(grain, "wake").WithTimeout();
        Assert.NotNull(row);
        Assert.Equal(second, row.ETag);
        Assert.Equal(TimeSpan.FromMinutes(2), row.Period);
    }

    [Fact]
    public async Task RemoveRow_with_a_stale_etag_keeps_the_row()
    {
        var table = await TableAsync();
        var grain = NewGrain();
        var stale = await UpsertAsync(table, Entry(grain, "wake"));
        await UpsertAsync(table, Entry(grain, "wake"));

        Assert.False(await table.RemoveRow(grain, "wake", stale).WithTimeout());
        Assert.NotNull(await table.ReadRow(grain, "wake").WithTimeout());
    }

    [Fact]
    public async Task RemoveRow_with_the_current_etag_removes_the_row()
    {
        var table = await TableAsync();
        var grain = NewGrain();
        var etag = await UpsertAsync(table, Entry(grain, "wake"));

        Assert.True(await table.RemoveRow(grain, "wake", etag).WithTimeout());

        Assert.Null(await table.ReadRow(grain, "wake").WithTimeout());
        Assert.False(await table.RemoveRow(grain, "wake", etag).WithTimeout());
    }

    [Fact]
    public async Task Range_excludes_begin_and_includes_end()
    {
        var table = await TableAsync();
        var ring = await AddRingAsync(table);

        var rows = await table.ReadRows(Hash(ring[1]), Hash(ring[3])).WithTimeout();

        Assert.Equal(Keys(ring[2], ring[3]), Keys(rows));
    }

    [Fact]
    public async Task Range_wraps_around_the_ring_when_begin_is_above_end()
    {
        var table = await TableAsync();
        var ring = await AddRingAsync(table);

        var wrapped = await table.ReadRows(Hash(ring[3]), Hash(ring[1])).WithTimeout();
        var lowest = await table.ReadRows(Hash(ring[5]), Hash(ring[0])).WithTimeout();

        Assert.Equal(Keys(ring[4], ring[5], ring[0], ring[1]), Keys(wrapped));
        Assert.Equal(Keys(ring[0]), Keys(lowest));
    }

    [Fact]
    public async Task Range_with_equal_bounds_is_the_whole_ring()
    {
        var table = await TableAsync();
        var ring = await AddRingAsync(table);

        var all = await table.ReadRows(Hash(ring[2]), Hash(ring[2])).WithTimeout();
        var fromZero = await table.ReadRows(0, 0).WithTimeout();

        Assert.Equal(Keys(ring), Keys(all));
        Assert.Equal(Keys(ring), Keys(fromZero));
    }

    [Fact]
    public async Task Service_ids_do_not_see_each_others_reminders()
    {
        var ours = await TableAsync("service-a");
        var theirs = await TableAsync("service-b");
        var grain = NewGrain();
        var etag = await UpsertAsync(ours, Entry(grain, "wake"));

        Assert.Null(await theirs.ReadRow(grain, "wake").WithTimeout());
        Assert.Empty((await theirs.ReadRows(grain).WithTimeout()).Reminders);
        Assert.Empty((await theirs.ReadRows(0, 0).WithTimeout()).Reminders);
        Assert.False(await theirs.RemoveRow(grain, "wake", etag).WithTimeout());
        Assert.NotNull(await ours.ReadRow(grain, "wake").WithTimeout());
    }

    [Fact]
    public async Task TestOnlyClearTable_removes_only_this_services_reminders()
    {
        var ours = await TableAsync("service-a");
        var theirs = await TableAsync("service-b");
        var grain = NewGrain();
        await ours.UpsertRow(Entry(grain, "one")).WithTimeout();
        await ours.UpsertRow(Entry(NewGrain(), "two")).WithTimeout();
        await theirs.UpsertRow(Entry(grain, "one")).WithTimeout();

        await ours.TestOnlyClearTable().WithTimeout();

        Assert.Empty((await ours.ReadRows(0, 0).WithTimeout()).Reminders);
        Assert.Single((await theirs.ReadRows(0, 0).WithTimeout()).Reminders);
    }

    protected static GrainId NewGrain() => GrainId.Create("schedule", Guid.NewGuid().ToString("N"));

    private static uint Hash(GrainId grain) => grain.GetUniformHashCode();

    protected static ReminderEntry Entry(GrainId grain, string name, TimeSpan? period = null) => new()
    {
        GrainId = grain,
        ReminderName = name,
        StartAt = StartAt,
        Period = period ?? TimeSpan.FromMinutes(1),
    };

    /// <summary>Six grains with distinct hashes, in ascending hash order, each with one reminder.</summary>
    private static async Task<GrainId[]> AddRingAsync(IReminderTable table)
    {
        var ring = Enumerable.Range(0, 6)
            .Select(_ => NewGrain())
            .OrderBy(Hash)
            .ToArray();
        Assert.Equal(ring.Length, ring.Select(Hash).Distinct().Count());
        foreach (var grain in ring)
        {
            await table.UpsertRow(Entry(grain, "tick")).WithTimeout();
        }

        return ring;
    }

    protected static async Task<string> UpsertAsync(IReminderTable table, ReminderEntry entry)
    {
        var etag = await table.UpsertRow(entry).WithTimeout();
        Assert.NotNull(etag);
        return etag;
    }

    private static string[] Keys(params GrainId[] grains) => [.. grains.Select(g => g.ToString()).Order(StringComparer.Ordinal)];

    private static string[] Keys(ReminderTableData data) => [.. data.Reminders.Select(r => r.GrainId.ToString()).Order(StringComparer.Ordinal)];
}

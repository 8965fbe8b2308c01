using GameOps.Silo.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace GameOps.Silo.Tests.Storage;

/// <summary>The reminder table contract on the embedded SQLite store, and what only this store promises.</summary>
public sealed class SqliteReminderTableTests : ReminderTableContractTests, IDisposable
{
    private readonly SqliteTestDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task RemoveRow_with_an_etag_that_is_no_version_keeps_the_row()
    {
        var table = Table();
        var grain = NewGrain();
        await UpsertAsync(table, Entry(grain, "wake"));

        Assert.False(await table.RemoveRow(grain, "wake", "not-a-version").WithTimeout());
        Assert.NotNull(await table.ReadRow(grain, "wake").WithTimeout());
    }

    [Fact]
    public async Task Reminders_survive_reopening_the_database()
    {
        var grain = NewGrain();
        var etag = await Table().UpsertRow(Entry(grain, "wake", TimeSpan.FromMinutes(3))).WithTimeout();

        await _db.ReopenAsync();

        var row = await Table().ReadRow(grain, "wake").WithTimeout();
        Assert.NotNull(row);
        Assert.Equal(etag, row.ETag);
        Assert.Equal(TimeSpan.FromMinutes(3), row.Period);
        Assert.Equal(StartAt, row.StartAt);
    }

    protected override Task<IReminderTable> TableAsync(string serviceId = "gameops-test") => Task.FromResult<IReminderTable>(Table(serviceId));

    private SqliteReminderTable Table(string serviceId = "gameops-test") =>
        new(_db.Database, Options.Create(new ClusterOptions { ServiceId = serviceId }), NullLogger<SqliteReminderTable>.Instance);
}

namespace GameOps.Silo.Tests.Security;

[Trait("Category", "Slow")]
public sealed class FirstStartTests(FirstStartFixture fixture) : IClassFixture<FirstStartFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Data_folder_is_0700_and_every_file_in_it_0600_the_key_ring_included()
    {
        var data = fixture.Folder.Combine("data");
        var keys = Path.Combine(data, "data-protection-keys");

        // The key ring's first key comes from a hosted service: waited for, not assumed to precede the health check.
        await Eventually.ReadAsync(
            () => Task.FromResult(Directory.Exists(keys) && Directory.EnumerateFiles(keys, "key-*.xml").Any()), found => found, Patience);

        Assert.All(
            ["gameops.db", "gameops.db-wal", "gameops.db-shm", "admin-api-key", "gateway-certificate.pfx"],
            name => Assert.True(File.Exists(Path.Combine(data, name)), $"{name} is missing from {data}"));
        Assert.Empty(FileModes.NotOwnerOnly(data));
    }

    [Fact]
    public void Each_log_entry_starts_with_its_UTC_time_in_ISO_8601()
    {
        var entries = ConsoleLogEntries.FirstLines(fixture.Silo.Output);

        Assert.NotEmpty(entries);
        Assert.All(entries, entry => Assert.Matches(ConsoleLogEntries.TimestampedFirstLine(), entry));
        Assert.InRange(ConsoleLogEntries.TimeOf(entries[0]), fixture.StartedAt.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
    }
}

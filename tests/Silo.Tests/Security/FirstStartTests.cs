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
            ["gameops.db", "gameops.db-wal", "gameops.db-shm", "admin-api-key", "gateway-certificate.protected"],
            name => Assert.True(File.Exists(Path.Combine(data, name)), $"{name} is missing from {data}"));
        Assert.Empty(FileModes.NotOwnerOnly(data));
    }

    [Fact]
    public void Gateway_certificate_on_disk_is_no_plain_private_key()
    {
        var stored = File.ReadAllBytes(fixture.Folder.Combine("data", "gateway-certificate.protected"));

        Assert.DoesNotContain("PRIVATE KEY", System.Text.Encoding.ASCII.GetString(stored), StringComparison.Ordinal);
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(
            () => System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12(stored, password: null));
        Assert.False(File.Exists(fixture.Folder.Combine("data", "gateway-certificate.pfx")));
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

namespace GameOps.Silo.Tests.Security;

/// <summary>
/// A silo's first start in an empty folder, as an operator runs it: with a TLS gateway, so it makes its certificate
/// too, and in a time zone other than UTC, so a local time in its log cannot pass for UTC.
/// </summary>
public sealed class FirstStartFixture : IAsyncLifetime
{
    public const string TimeZone = "America/New_York";

    public TempDirectory Folder { get; } = new();

    public SiloProcess Silo { get; private set; } = null!;

    public DateTimeOffset StartedAt { get; private set; }

    public async Task InitializeAsync()
    {
        StartedAt = DateTimeOffset.UtcNow;
        Silo = await SiloProcess.StartAsync(
            Folder.Path,
            TimeSpan.FromSeconds(60),
            [$"--Kestrel:Endpoints:Gateway:Url=https://127.0.0.1:{TestPorts.Free()}"],
            environment: new Dictionary<string, string> { ["TZ"] = TimeZone });
    }

    public async Task DisposeAsync()
    {
        await Silo.DisposeAsync();
        Folder.Dispose();
    }
}

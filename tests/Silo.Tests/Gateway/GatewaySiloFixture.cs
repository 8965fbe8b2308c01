namespace GameOps.Silo.Tests.Gateway;

/// <summary>A silo process with short agent timeouts, shared by the gateway tests; each test makes its own hosts.</summary>
public sealed class GatewaySiloFixture : IAsyncLifetime
{
    public static readonly TimeSpan HeartbeatTimeout = TimeSpan.FromSeconds(3);
    public const int MaxQueuedJobs = 3;
    public static readonly TimeSpan WindowAckInterval = TimeSpan.FromMilliseconds(500);

    private readonly TempDirectory _folder = new();

    public SiloProcess Silo { get; private set; } = null!;

    public GameOpsApi Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Silo = await SiloProcess.StartAsync(_folder.Path, TimeSpan.FromSeconds(60), [
            "--GameOps:Agents:HeartbeatTimeout=00:00:03",
            "--GameOps:Agents:AckTimeout=00:00:01",
            "--GameOps:Agents:MaintenancePeriod=00:00:00.250",
            $"--GameOps:Agents:MaxQueuedJobs={MaxQueuedJobs}",
            // One batch per console client, so a client that stops reading falls behind at once and must catch up.
            "--GameOps:Console:ViewerQueueBatches=1",
            // Acknowledgements paced, so every console test here also runs the held ones (none lost, none out of order).
            "--GameOps:Console:AckInterval=00:00:00.100",
            "--GameOps:Console:AckPacingQueueLength=0",
            // Agents that list log-ack-window: one acknowledgement message a WindowAckInterval per stream (the longest allowed).
            $"--GameOps:Console:WindowAckInterval={WindowAckInterval:c}",
            // These tests present wrong credentials on purpose, more than the shipped allowance; FailedAuthenticationTests test the limit.
            "--GameOps:Security:FailedAuthentication:MaxFailures=1000"]);
        Api = await GameOpsApi.ForAsync(Silo, _folder.Path);
    }

    public async Task DisposeAsync()
    {
        Api.Dispose();
        await Silo.DisposeAsync();
        _folder.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class GatewaySiloCollection : ICollectionFixture<GatewaySiloFixture>
{
    public const string Name = "gateway silo";
}

namespace GameOps.Silo.Tests.Observability;

/// <summary>
/// A silo process logging at Debug (so the secrets test sees as much output as an operator could turn on), shared
/// by the observability tests; each test makes its own hosts.
/// </summary>
public sealed class ObservabilitySiloFixture : IAsyncLifetime
{
    private readonly TempDirectory _folder = new();

    public SiloProcess Silo { get; private set; } = null!;

    public GameOpsApi Api { get; private set; } = null!;

    public string AdminKey { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Silo = await SiloProcess.StartAsync(_folder.Path, TimeSpan.FromSeconds(60), [
            "--Logging:LogLevel:Default=Debug",
            "--Logging:LogLevel:Microsoft.AspNetCore=Debug",
            "--Logging:LogLevel:Orleans=Information",
            // These tests present wrong credentials on purpose, more than the shipped allowance; FailedAuthenticationTests test the limit.
            "--GameOps:Security:FailedAuthentication:MaxFailures=1000"]);
        Api = await GameOpsApi.ForAsync(Silo, _folder.Path);
        AdminKey = (await File.ReadAllTextAsync(Path.Combine(_folder.Path, "data", "admin-api-key"))).Trim();
    }

    public async Task DisposeAsync()
    {
        Api.Dispose();
        await Silo.DisposeAsync();
        _folder.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class ObservabilitySiloCollection : ICollectionFixture<ObservabilitySiloFixture>
{
    public const string Name = "observability silo";
}

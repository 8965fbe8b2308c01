using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GameOps.Grains.Identity;
using GameOps.JobsProtocol;
using Grpc.Core;
using Grpc.Net.Client;

namespace GameOps.Silo.Tests.Jobs;

/// <summary>
/// A silo process whose API also listens on a cleartext HTTP/2-only endpoint, as docs/api.md tells operators to add
/// for gRPC without TLS (Kestrel serves only HTTP/1.1 on a cleartext endpoint that offers both).
/// </summary>
public sealed class JobsGrpcSiloFixture : IAsyncLifetime
{
    private readonly TempDirectory _folder = new();
    private readonly int _http2Port = TestPorts.Free();
    private GrpcChannel? _channel;

    public SiloProcess Silo { get; private set; } = null!;

    public GameOpsApi Api { get; private set; } = null!;

    public string AdminKey { get; private set; } = "";

    /// <summary>The API's HTTP/2 endpoint.</summary>
    public Uri Http2Address => new($"http://127.0.0.1:{_http2Port}");

    public JobsProtocol.Jobs.JobsClient Client => new(_channel!);

    public async Task InitializeAsync()
    {
        Silo = await SiloProcess.StartAsync(_folder.Path, TimeSpan.FromSeconds(60), [
            $"--Kestrel:Endpoints:ApiHttp2:Url={Http2Address.ToString().TrimEnd('/')}",
            "--Kestrel:Endpoints:ApiHttp2:Protocols=Http2",
            // These tests present wrong keys on purpose, more than the shipped allowance.
            "--GameOps:Security:FailedAuthentication:MaxFailures=1000"]);
        Api = await GameOpsApi.ForAsync(Silo, _folder.Path);
        AdminKey = (await File.ReadAllTextAsync(Path.Combine(_folder.Path, "data", "admin-api-key"))).Trim();
        _channel = GrpcChannel.ForAddress(Http2Address);
    }

    /// <summary>A new API key of <paramref name="role"/> in <paramref name="orgId"/>.</summary>
    public async Task<string> CreateKeyAsync(string orgId, OrgRole role)
    {
        using var response = await Api.Client.PostAsJsonAsync($"/api/v1/orgs/{orgId}/api-keys", new { name = $"{role} key", role = role.ToString() });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }

    public Metadata AdminHeaders() => Bearer(AdminKey);

    public static Metadata Bearer(string key) => new() { { "authorization", $"Bearer {key}" } };

    public async Task DisposeAsync()
    {
        _channel?.Dispose();
        Api.Dispose();
        await Silo.DisposeAsync();
        _folder.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class JobsGrpcSiloCollection : ICollectionFixture<JobsGrpcSiloFixture>
{
    public const string Name = "jobs grpc silo";
}

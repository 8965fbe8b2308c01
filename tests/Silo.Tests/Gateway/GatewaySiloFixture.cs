using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GameOps.Grains.Hosts;
using GameOps.Grains.Jobs;
using GameOps.Silo.Hosts;

namespace GameOps.Silo.Tests.Gateway;

/// <summary>A silo process with short agent timeouts, shared by the gateway tests; each test makes its own hosts.</summary>
public sealed class GatewaySiloFixture : IAsyncLifetime
{
    public static readonly TimeSpan HeartbeatTimeout = TimeSpan.FromSeconds(3);
    public const int MaxQueuedJobs = 3;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    private readonly TempDirectory _folder = new();

    public SiloProcess Silo { get; private set; } = null!;

    public HttpClient Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Silo = await SiloProcess.StartAsync(_folder.Path, TimeSpan.FromSeconds(60), [
            "--GameOps:Agents:HeartbeatTimeout=00:00:03",
            "--GameOps:Agents:AckTimeout=00:00:01",
            "--GameOps:Agents:MaintenancePeriod=00:00:00.250",
            $"--GameOps:Agents:MaxQueuedJobs={MaxQueuedJobs}"]);
        var key = (await File.ReadAllTextAsync(_folder.Combine("data", "admin-api-key"))).Trim();
        Api = Silo.CreateClient(key);
    }

    public async Task DisposeAsync()
    {
        Api.Dispose();
        await Silo.DisposeAsync();
        _folder.Dispose();
    }

    public async Task<CreatedHost> CreateHostAsync()
    {
        var response = await Api.PostAsJsonAsync("/api/v1/hosts", new { name = "Gateway test host" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<CreatedHost>(Json))!;
    }

    public async Task<HttpResponseMessage> PostJobAsync(string hostId, string action = JobActions.PlayersList, int timeoutSeconds = 60) =>
        await Api.PostAsJsonAsync($"/api/v1/hosts/{hostId}/jobs", new { serverId = "main", action, timeoutSeconds });

    public async Task<JobView> CreateJobAsync(string hostId, string action = JobActions.PlayersList, int timeoutSeconds = 60)
    {
        var response = await PostJobAsync(hostId, action, timeoutSeconds);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JobView>(Json))!;
    }

    public async Task<JobView> GetJobAsync(Guid jobId) => (await Api.GetFromJsonAsync<JobView>($"/api/v1/jobs/{jobId}", Json))!;

    public async Task<HostView> GetHostAsync(string hostId) => (await Api.GetFromJsonAsync<HostView>($"/api/v1/hosts/{hostId}", Json))!;

    /// <summary>Polls until the condition holds; fails with the last value after the timeout.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> condition, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var last = await read();
        while (!condition(last))
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"The condition did not hold within {timeout}; last value: {JsonSerializer.Serialize(last, Json)}");
            }

            last = await read();
        }

        return last;
    }
}

[CollectionDefinition(Name)]
public sealed class GatewaySiloCollection : ICollectionFixture<GatewaySiloFixture>
{
    public const string Name = "gateway silo";
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GameOps.Grains.Hosts;
using GameOps.Grains.Jobs;
using Xunit;
using GameOps.AgentProtocol;

namespace GameOps.TestSupport;

/// <summary>The REST API as a test calls it, with the admin key of a silo's data folder.</summary>
public sealed class GameOpsApi(HttpClient client) : IDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public HttpClient Client { get; } = client;

    /// <summary>The API of <paramref name="silo"/>, using the admin key its first start wrote under <paramref name="workingDirectory"/>.</summary>
    public static async Task<GameOpsApi> ForAsync(SiloProcess silo, string workingDirectory)
    {
        var key = (await File.ReadAllTextAsync(Path.Combine(workingDirectory, "data", "admin-api-key"))).Trim();
        return new GameOpsApi(silo.CreateClient(key));
    }

    public async Task<NewHost> CreateHostAsync(string name = "Test host")
    {
        var response = await Client.PostAsJsonAsync("/api/v1/hosts", new { name });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<NewHost>(Json))!;
    }

    /// <summary>
    /// A new host whose install command's token was exchanged for its credential over the gateway the command names,
    /// as the agent's <c>enrol</c> does: what a test needs to connect as the host's agent.
    /// </summary>
    public async Task<EnrolledHost> CreateEnrolledHostAsync(string name = "Test host")
    {
        var host = await CreateHostAsync(name);
        var enrolled = await AgentEnrolment.EnrolAsync(host.Enrolment.Install);
        return new EnrolledHost(host.Host, enrolled.Credential);
    }

    /// <summary>A new enrolment token for the host (re-enrol).</summary>
    public async Task<NewEnrolment> CreateEnrolmentAsync(string hostId)
    {
        var response = await Client.PostAsync($"/api/v1/hosts/{hostId}/enrolment", content: null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<NewEnrolment>(Json))!;
    }

    public Task<HttpResponseMessage> RevokeCredentialAsync(string hostId) => Client.PostAsync($"/api/v1/hosts/{hostId}/credential/revoke", content: null);

    /// <summary>The actions of the audit entries of <paramref name="target"/>, oldest first.</summary>
    public async Task<string[]> AuditActionsAsync(string target)
    {
        using var page = JsonDocument.Parse(await Client.GetStringAsync($"/api/v1/audit?target={Uri.EscapeDataString(target)}&limit=100"));
        return [.. page.RootElement.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("action").GetString()!).Reverse()];
    }

    public async Task<HttpResponseMessage> PostJobAsync(string hostId, string action = GameActions.PlayersList, int timeoutSeconds = 60, string serverId = "main") =>
        await Client.PostAsJsonAsync($"/api/v1/hosts/{hostId}/jobs", new { serverId, action, timeoutSeconds });

    public async Task<JobView> CreateJobAsync(string hostId, string action = GameActions.PlayersList, int timeoutSeconds = 60, string serverId = "main")
    {
        var response = await PostJobAsync(hostId, action, timeoutSeconds, serverId);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JobView>(Json))!;
    }

    public async Task<JobView> GetJobAsync(Guid jobId) => (await Client.GetFromJsonAsync<JobView>($"/api/v1/jobs/{jobId}", Json))!;

    public Task<HttpResponseMessage> CancelJobAsync(Guid jobId) => Client.PostAsync($"/api/v1/jobs/{jobId}/cancel", content: null);

    public async Task<HostView> GetHostAsync(string hostId) => (await Client.GetFromJsonAsync<HostView>($"/api/v1/hosts/{hostId}", Json))!;

    public Task<HostView> WaitForHostAsync(string hostId, HostStatus status, TimeSpan timeout) =>
        Eventually.ReadAsync(() => GetHostAsync(hostId), h => h.Status == status, timeout);

    public Task<JobView> WaitForJobAsync(Guid jobId, Func<JobView, bool> condition, TimeSpan timeout) =>
        Eventually.ReadAsync(() => GetJobAsync(jobId), condition, timeout);

    public void Dispose() => Client.Dispose();
}

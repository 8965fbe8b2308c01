using System.Net.Http.Json;
using System.Text.Json;
using GameOps.Grains;
using GameOps.Grains.Audit;
using GameOps.Grains.Events;
using GameOps.Grains.Hosts;
using GameOps.Grains.Jobs;
using GameOps.AgentProtocol;

namespace GameOps.EndToEnd.Tests;

[Trait("Category", "Slow")]
public sealed class EventStreamTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(45);

    // What a Source server prints for `status`, trimmed (https://developer.valvesoftware.com/wiki/Status).
    private const string StatusAnswer = "hostname: GameOps test\nplayers : 0 humans, 0 bots (16/0 max)\n# userid name\n";

    [Fact]
    public async Task An_sse_client_sees_the_host_come_online_run_a_job_and_go_offline_in_order_and_each_change_is_audited()
    {
        await using var system = await RunningSystem.StartAsync(command => command == "status" ? StatusAnswer : $"Unknown command \"{command}\"");
        var hostId = system.Host.Host.Id;
        await using var sse = await SseClient.OpenAsync(system.Api.Client, "/api/v1/events", Patience);
        Assert.Equal("subscribed", (await sse.ReadAsync(Patience)).Comment);

        var agent = system.StartAgent();
        await sse.ReadUntilAsync(m => Is(m, nameof(HostStatusChanged), "hostId", hostId, "status", nameof(HostStatus.Online)), Patience);
        var job = await system.Api.CreateJobAsync(hostId, GameActions.PlayersList);
        await sse.ReadUntilAsync(m => Is(m, nameof(JobStateChanged), "jobId", job.Id.ToString(), "state", nameof(JobState.Succeeded)), Patience);
        await agent.Process.KillAsync();
        await sse.ReadUntilAsync(m => Is(m, nameof(HostStatusChanged), "hostId", hostId, "status", nameof(HostStatus.Offline)), Patience);

        // The host's registration (Pending) was published before the client subscribed; the stream may still bring it.
        var story = sse.Seen
            .Where(m => m.Event is nameof(HostStatusChanged) or nameof(JobStateChanged))
            .SkipWhile(m => Is(m, nameof(HostStatusChanged), "hostId", hostId, "status", nameof(HostStatus.Pending)))
            .Select(m => JsonDocument.Parse(m.Data!).RootElement)
            .Select(e => $"{e.GetProperty("kind").GetString()} {(e.TryGetProperty("state", out var state) ? state : e.GetProperty("status")).GetString()}");
        Assert.Equal(
            [
                "HostStatusChanged Online",
                "JobStateChanged Queued", "JobStateChanged Dispatched", "JobStateChanged Running", "JobStateChanged Succeeded",
                "HostStatusChanged Offline",
            ],
            story);

        // The changes someone made (the host's registration, the job's submit and its end with the game's answer) left
        // one entry each under the admin key, its agent's enrolment one of the agent's; the host's own comings and goings
        // are the system's, not audited changes.
        var hostEntries = await AuditAsync(system, $"target=host/{hostId}");
        var jobEntries = await AuditAsync(system, $"target=job/{job.Id}");
        Assert.Equal([AuditActions.HostEnrol, AuditActions.HostRegister], hostEntries.Select(e => e.Action));
        Assert.Equal([AuditActions.JobFinish, AuditActions.JobSubmit], jobEntries.Select(e => e.Action));
        Assert.Equal(ActorKind.Agent, hostEntries[0].Actor.Kind);
        Assert.All(hostEntries.Skip(1).Concat(jobEntries), e => Assert.Equal((ActorKind.Api, job.RequestedBy.Id, "api"), (e.Actor.Kind, e.Actor.Id, e.Via)));
        Assert.Contains("hostname: GameOps test", JsonDocument.Parse(jobEntries[0].Changes).RootElement.GetProperty("output").GetString(), StringComparison.Ordinal);

        // Each of the job's entries was announced on the org's stream once it was stored.
        var announced = sse.Seen
            .Where(m => m.Event == nameof(AuditEntryWritten))
            .Select(m => JsonDocument.Parse(m.Data!).RootElement)
            .Where(e => e.GetProperty("target").GetString() == $"job/{job.Id:D}")
            .Select(e => e.GetProperty("entryId").GetString())
            .ToList();
        Assert.Equal(jobEntries.Select(e => e.Id.ToString("D")).Reverse(), announced);
    }

    private static async Task<IReadOnlyList<AuditEntry>> AuditAsync(RunningSystem system, string query)
    {
        var page = await system.Api.Client.GetFromJsonAsync<JsonElement>($"/api/v1/audit?{query}", GameOpsApi.Json);
        return page.GetProperty("entries").Deserialize<List<AuditEntry>>(GameOpsApi.Json)!;
    }

    private static bool Is(SseMessage message, string kind, string idField, string id, string stateField, string state)
    {
        if (message.Event != kind || message.Data is null)
        {
            return false;
        }

        var data = JsonDocument.Parse(message.Data).RootElement;
        return data.GetProperty(idField).GetString() == id && data.GetProperty(stateField).GetString() == state;
    }
}

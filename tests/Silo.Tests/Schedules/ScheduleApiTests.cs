using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GameOps.AgentProtocol;
using GameOps.Grains;
using GameOps.Grains.Agents;
using GameOps.Grains.GameServers;
using GameOps.Grains.Schedules;
using GameOps.Silo.Hosts;
using GameOps.Silo.Schedules;
using GameOps.Silo.Tests.Api;
using Microsoft.Extensions.DependencyInjection;

namespace GameOps.Silo.Tests.Schedules;

public sealed class ScheduleApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static readonly JsonSerializerOptions Json = GameOpsApi.Json;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private HttpClient Admin => factory.CreateAdminClient();

    [Fact]
    public async Task A_schedule_is_created_previewed_paused_run_cancelled_listed_and_deleted_with_an_audit_entry_for_each_change()
    {
        var hostId = await HostWithServerAsync();

        var created = await Admin.PostAsJsonAsync("/api/v1/schedules", Body(hostId), Json);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var schedule = (await created.Content.ReadFromJsonAsync<ScheduleResponse>(Json))!;
        Assert.Equal($"/api/v1/schedules/{schedule.Id}", created.Headers.Location?.ToString());
        Assert.Equal(("Nightly restart", "Europe/Berlin", true), (schedule.Name, schedule.TimeZone, schedule.Enabled));
        Assert.Equal([900, 300, 60, 10], schedule.Steps[1].Marks);
        Assert.Contains(schedule.Id, (await Admin.GetFromJsonAsync<SchedulePage>("/api/v1/schedules", Json))!.Schedules.Select(s => s.Id));

        var next = (await Admin.GetFromJsonAsync<DateTimeOffset[]>($"/api/v1/schedules/{schedule.Id}/next?count=3&from=2026-03-28T12:00:00%2B01:00", Json))!;
        Assert.Equal(
            [DateTimeOffset.Parse("2026-03-29T03:00:00+02:00"), DateTimeOffset.Parse("2026-03-30T02:30:00+02:00"), DateTimeOffset.Parse("2026-03-31T02:30:00+02:00")],
            next);

        var paused = await Admin.PutAsJsonAsync($"/api/v1/schedules/{schedule.Id}", Body(hostId) with { Enabled = false }, Json);
        Assert.Equal(HttpStatusCode.OK, paused.StatusCode);
        Assert.Null((await paused.Content.ReadFromJsonAsync<ScheduleResponse>(Json))!.NextRunAt);

        var started = await Admin.PostAsync($"/api/v1/schedules/{schedule.Id}/run", null);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var run = (await started.Content.ReadFromJsonAsync<ScheduleRunResponse>(Json))!;
        Assert.Equal(HttpStatusCode.Conflict, (await Admin.PostAsync($"/api/v1/schedules/{schedule.Id}/run", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await Admin.PostAsync($"/api/v1/schedules/{schedule.Id}/runs/{run.RunId}/cancel", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await Admin.PostAsync($"/api/v1/schedules/{schedule.Id}/runs/{run.RunId}/cancel", null)).StatusCode);

        var runs = (await Admin.GetFromJsonAsync<ScheduleRunPageResponse>($"/api/v1/schedules/{schedule.Id}/runs?limit=1", Json))!;
        var listed = Assert.Single(runs.Runs);
        Assert.NotNull(runs.NextCursor);
        var older = (await Admin.GetFromJsonAsync<ScheduleRunPageResponse>($"/api/v1/schedules/{schedule.Id}/runs?cursor={runs.NextCursor}", Json))!;
        Assert.Equal(
            [(run.RunId, ScheduleRunOutcome.Cancelled)],
            runs.Runs.Concat(older.Runs).Where(r => r.RunId == run.RunId).Select(r => (r.RunId, r.Outcome)));
        Assert.Contains(listed.Outcome, new[] { ScheduleRunOutcome.Cancelled, ScheduleRunOutcome.Skipped });

        Assert.Equal(HttpStatusCode.NoContent, (await Admin.DeleteAsync($"/api/v1/schedules/{schedule.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.GetAsync($"/api/v1/schedules/{schedule.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.DeleteAsync($"/api/v1/schedules/{schedule.Id}")).StatusCode);

        var audit = await Eventually.ReadAsync(
            async () => (await Admin.GetFromJsonAsync<JsonElement>($"/api/v1/audit?target=schedule/{schedule.Id}"))!.GetProperty("entries"),
            entries => entries.GetArrayLength() >= 5,
            Patience);
        Assert.Equal(
            ["schedule.delete", "schedule.run.cancel", "schedule.run", "schedule.save", "schedule.save"],
            audit.EnumerateArray().Select(e => e.GetProperty("action").GetString()));
    }

    [Fact]
    public async Task A_bad_schedule_gets_an_error_for_every_bad_field_and_is_not_kept()
    {
        var hostId = await HostWithServerAsync();
        var before = (await Admin.GetFromJsonAsync<SchedulePage>("/api/v1/schedules", Json))!.Schedules.Count;

        var response = await Admin.PostAsJsonAsync("/api/v1/schedules", new ScheduleRequest(
            "Bad", "0 25 * * *", "Europe/Atlantis", null,
            [new ScheduleTargetRequest(hostId, "main"), new ScheduleTargetRequest(hostId, "other")],
            [new ScheduleStepRequest(ScheduleStepKind.RestartWithCountdown, null, null, null, null, null, [0, 60], null, null, null)],
            null, null, null, null), Json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["cron", "steps[0].marks", "targets[1]", "timeZone"], errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Contains("'other'", errors.GetProperty("targets[1]")[0].GetString(), StringComparison.Ordinal);

        var empty = await Admin.PostAsJsonAsync("/api/v1/schedules", Body(hostId) with { Steps = [] }, Json);
        Assert.Equal(["steps"], (await empty.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.Equal(before, (await Admin.GetFromJsonAsync<SchedulePage>("/api/v1/schedules", Json))!.Schedules.Count);
    }

    private static ScheduleRequest Body(string hostId) => new(
        "Nightly restart", "30 2 * * *", "Europe/Berlin", null,
        [new ScheduleTargetRequest(hostId, "main")],
        [
            new ScheduleStepRequest(ScheduleStepKind.Action, GameActions.ChatSay, new() { ["message"] = "Nightly restart soon" }, null, null, null, null, null, null, null),
            new ScheduleStepRequest(ScheduleStepKind.RestartWithCountdown, null, null, null, null, null, null, null, null, null),
        ],
        null, null, null, null);

    /// <summary>A host of the default org whose agent declared the game server "main" (its stream goes nowhere).</summary>
    private async Task<string> HostWithServerAsync()
    {
        using var response = await Admin.PostAsJsonAsync("/api/v1/hosts", new { name = "Box one" });
        var hostId = (await response.Content.ReadFromJsonAsync<CreatedHost>(Json))!.Host.Id;
        var grains = factory.Services.GetRequiredService<IGrainFactory>();
        var observer = grains.CreateObjectReference<IAgentObserver>(new SilentAgent());
        await grains.GetHostGrain(hostId).ConnectAsync(Guid.NewGuid(), "ipv4:192.0.2.10:40000", observer,
            new AgentHello("test", [new GameServerDescriptor("main", "Main", "7dtd-telnet", [GameActions.ChatSay, GameActions.WorldSave, GameActions.ServerShutdown])]));
        return hostId;
    }
}

using System.Net;
using System.Net.Http.Json;
using GameOps.Grains.Alerts;
using GameOps.Silo.Alerts;
using GameOps.Grains.Hosts;
using GameOps.Grains.Jobs;
using GameOps.Silo.Tests.Gateway;

namespace GameOps.Silo.Tests.Observability;

[Collection(ObservabilitySiloCollection.Name)]
[Trait("Category", "Slow")]
public sealed class MetricsTests(ObservabilitySiloFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task After_a_job_runs_the_metrics_show_agents_heartbeats_and_jobs()
    {
        var host = await fixture.Api.CreateEnrolledHostAsync();
        await using var agent = await TestAgent.ConnectAsync(fixture.Silo.GatewayAddress, host.Host.Id, host.Credential);
        await fixture.Api.WaitForHostAsync(host.Host.Id, HostStatus.Online, Patience);
        var before = await ScrapeAsync();
        await agent.HeartbeatAsync();
        var job = await fixture.Api.RunJobAsync(agent, host.Host.Id);
        Assert.Equal(JobState.Succeeded, job.State);

        // Other tests share the silo, so compare with the scrape before; the exporter caches a scrape for a moment.
        var after = await Eventually.ReadAsync(
            ScrapeAsync,
            s => Increase(before, s, "gameops_jobs_transitions_total", "state=succeeded") >= 1
                && Increase(before, s, "gameops_heartbeats_total") >= 1,
            Patience);

        Assert.True(after.Sum("gameops_agents_connected") >= 1);
        Assert.True(Increase(before, after, "gameops_heartbeat_lag_seconds_count") >= 1);
        Assert.True(after.Has("gameops_heartbeat_lag_seconds_bucket", "le=0.005"));
        Assert.All(new[] { "queued", "dispatched", "running", "succeeded" }, state =>
            Assert.True(Increase(before, after, "gameops_jobs_transitions_total", $"state={state}") >= 1, $"no job entered {state}"));
        Assert.True(after.Has("gameops_jobs_unfinished"));
        Assert.True(Increase(before, after, "gameops_job_round_trip_seconds_count", "state=succeeded") >= 1);
        Assert.True(after.Has("gameops_job_round_trip_seconds_bucket", "state=succeeded", "le=0.001"));
        Assert.True(Increase(before, after, "gameops_job_round_trip_seconds_bucket", "state=succeeded", "le=+Inf") >= 1);
        Assert.True(after.Has("orleans_storage_write_latency_milliseconds_count"));
        Assert.DoesNotContain(after.Samples, sample => sample.Name.StartsWith("orleans_directory_lookups", StringComparison.Ordinal));
        Assert.All(new[] { "pending", "firing" }, state => Assert.True(after.Has("gameops_alerts", $"state={state}"), $"no {state} alerts series"));
        Assert.All(new[] { "pending", "firing", "resolved" }, state =>
            Assert.True(after.Has("gameops_alerts_transitions_total", $"state={state}"), $"no {state} alert transitions series"));
    }

    [Fact]
    public async Task A_firing_alert_shows_in_the_alert_metrics_until_it_resolves()
    {
        var host = await fixture.Api.CreateEnrolledHostAsync();
        var agent = await TestAgent.ConnectAsync(fixture.Silo.GatewayAddress, host.Host.Id, host.Credential);
        await fixture.Api.WaitForHostAsync(host.Host.Id, HostStatus.Online, Patience);
        using var created = await fixture.Api.Client.PostAsJsonAsync(
            "/api/v1/alert-rules", new { name = "Test host offline", kind = "HostOffline", forSeconds = 0, hostId = host.Host.Id });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var rule = (await created.Content.ReadFromJsonAsync<AlertRuleResponse>(GameOpsApi.Json))!;
        var before = await ScrapeAsync();

        await agent.DisposeAsync();
        var alert = (await Eventually.ReadAsync(() => AlertsAsync(rule.Id), a => a is [{ Status: AlertStatus.Firing }], Patience))[0];
        Assert.Equal(host.Host.Id, alert.Subject);
        var firing = await Eventually.ReadAsync(ScrapeAsync, s => Increase(before, s, "gameops_alerts", "state=firing") == 1, Patience);
        Assert.True(Increase(before, firing, "gameops_alerts_transitions_total", "state=firing") >= 1);

        await using var back = await TestAgent.ConnectAsync(fixture.Silo.GatewayAddress, host.Host.Id, host.Credential);
        await Eventually.ReadAsync(() => AlertsAsync(rule.Id), a => a is [{ Status: AlertStatus.Resolved }], Patience);
        var resolved = await Eventually.ReadAsync(ScrapeAsync, s => Increase(before, s, "gameops_alerts", "state=firing") == 0, Patience);
        Assert.True(Increase(before, resolved, "gameops_alerts_transitions_total", "state=resolved") >= 1);
    }

    [Fact]
    public async Task Log_lines_counter_exists_at_zero_for_each_game_kind_an_agent_declares()
    {
        var host = await fixture.Api.CreateEnrolledHostAsync();
        await using var agent = await TestAgent.ConnectAsync(fixture.Silo.GatewayAddress, host.Host.Id, host.Credential);
        await fixture.Api.WaitForHostAsync(host.Host.Id, HostStatus.Online, Patience);

        var scrape = await Eventually.ReadAsync(ScrapeAsync, s => s.Has("gameops_log_lines_total", "game_kind=source-rcon"), Patience);

        Assert.Equal(0, scrape.Sum("gameops_log_lines_total", "game_kind=source-rcon"));
    }

    [Fact]
    public async Task A_batch_of_console_lines_counts_as_a_batch_an_append_and_a_console_write_and_writes_no_grain_state()
    {
        var host = await fixture.Api.CreateEnrolledHostAsync();
        await using var agent = await TestAgent.ConnectWithKindAsync(fixture.Silo.GatewayAddress, host.Host.Id, host.Credential, "teeworlds-econ");
        await fixture.Api.WaitForHostAsync(host.Host.Id, HostStatus.Online, Patience);
        var before = await ScrapeAsync();
        var readAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(DateTime.UtcNow);
        await agent.SendAsync(new AgentProtocol.AgentMessage
        {
            LogBatch = new AgentProtocol.LogBatch
            {
                ServerId = "main",
                Entries = { Enumerable.Range(1, 3).Select(n => new AgentProtocol.LogEntry { Sequence = (ulong)n, Text = $"line {n}", ReadAt = readAt }) },
            },
        });
        while ((await agent.ReadAsync(Patience)).LogAck is not { Sequence: 3 })
        {
        }

        // Other tests share the silo, so compare with the scrape before; the exporter caches a scrape for a moment.
        var after = await Eventually.ReadAsync(ScrapeAsync, s => Increase(before, s, "gameops_log_batches_total", "game_kind=teeworlds-econ") >= 1, Patience);

        Assert.Equal(3, Increase(before, after, "gameops_log_lines_total", "game_kind=teeworlds-econ"));
        Assert.True(Increase(before, after, "gameops_console_appends_total") >= 1);
        Assert.True(Increase(before, after, "gameops_console_writes_total") >= 1);
        // Lines are rows of the console store, written without a grain (docs/adr/0032).
        Assert.Equal(0, Increase(before, after, "gameops_storage_written_bytes_total", "state_name=console"));
    }

    private async Task<AlertView[]> AlertsAsync(Guid ruleId) =>
        (await fixture.Api.Client.GetFromJsonAsync<AlertPage>("/api/v1/alerts?limit=200", GameOpsApi.Json))!.Alerts.Where(a => a.RuleId == ruleId).ToArray();

    private static double Increase(PrometheusScrape before, PrometheusScrape after, string name, params string[] labels) =>
        after.Sum(name, labels) - before.Sum(name, labels);

    private async Task<PrometheusScrape> ScrapeAsync()
    {
        using var response = await fixture.Api.Client.GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return PrometheusScrape.Parse(await response.Content.ReadAsStringAsync());
    }
}

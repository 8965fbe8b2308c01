using System.Collections.Immutable;
using GameOps.Grains.Agents;
using GameOps.Grains.Alerts;
using GameOps.Grains.Events;
using GameOps.Grains.GameServers;
using GameOps.Grains.Hosts;
using GameOps.Grains.Jobs;
using Orleans.Streams;
using GameActions = GameOps.AgentProtocol.GameActions;

namespace GameOps.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class OrgEventsTests(ClusterFixture fixture)
{
    private static readonly HostMetrics Load = new(12.5, 1, 2, 3, 4);

    private IGrainFactory Grains => fixture.Grains;

    private static string NewOrgId() => "org-events-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task Host_status_changes_are_published_on_the_hosts_org_stream_only()
    {
        var orgId = NewOrgId();
        await using var events = await OrgEventRecorder.SubscribeAsync(fixture.Cluster.Client, orgId);
        await using var otherOrg = await OrgEventRecorder.SubscribeAsync(fixture.Cluster.Client, NewOrgId());
        var host = await TestData.RegisteredHostAsync(Grains, orgId);
        var connectionId = Guid.NewGuid();

        await host.ConnectAsync(connectionId, TestData.Peer, Grains.CreateObjectReference<IAgentObserver>(new NullAgent()), new AgentHello("test", []));
        await host.DisconnectAsync(connectionId, DisconnectReason.HeartbeatsMissed);

        var changes = await events.WaitForAsync<HostStatusChanged>(list => list.Count == 3);
        Assert.Equal(
            [(null, HostStatus.Pending), (HostStatus.Pending, HostStatus.Online), (HostStatus.Online, HostStatus.Offline)],
            changes.Select(c => (c.PreviousStatus, c.Status)));
        Assert.All(changes, c => Assert.Equal((orgId, host.GetPrimaryKeyString(), "Box one"), (c.OrgId, c.HostId, c.HostName)));
        Assert.Equal(TestData.Admin, changes[0].Actor);
        Assert.Null(changes[1].Reason);
        Assert.Contains("No heartbeat", changes[2].Reason, StringComparison.Ordinal);
        Assert.Empty(otherOrg.Events);
    }

    [Fact]
    public async Task An_agent_connecting_with_another_version_publishes_it_even_when_the_host_stays_online()
    {
        var orgId = NewOrgId();
        await using var events = await OrgEventRecorder.SubscribeAsync(fixture.Cluster.Client, orgId);
        var host = await TestData.RegisteredHostAsync(Grains, orgId);
        var observer = Grains.CreateObjectReference<IAgentObserver>(new NullAgent());
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());

        await host.ConnectAsync(first, TestData.Peer, observer, new AgentHello("1.0+aaaa", [], "agent"));
        await host.ConnectAsync(first, TestData.Peer, observer, new AgentHello("1.0+aaaa", [], "agent"));
        await host.ConnectAsync(second, TestData.Peer, observer, new AgentHello("1.1+bbbb", [], "agent"));
        await host.DisconnectAsync(second, DisconnectReason.StreamEnded);

        // The host's events arrive in the order it published them: its going Offline comes after every version.
        var statuses = await events.WaitForAsync<HostStatusChanged>(list => list.Any(c => c.Status == HostStatus.Offline));
        var versions = events.Events.OfType<HostAgentVersionChanged>().ToList();
        Assert.Equal([(null, "1.0+aaaa"), ("1.0+aaaa", "1.1+bbbb")], versions.Select(v => (v.PreviousAgentVersion, v.AgentVersion)));
        Assert.All(versions, v => Assert.Equal((orgId, host.GetPrimaryKeyString()), (v.OrgId, v.HostId)));
        Assert.Equal([HostStatus.Pending, HostStatus.Online, HostStatus.Offline], statuses.Select(c => c.Status));
    }

    [Fact]
    public async Task Each_audited_change_is_announced_once_with_its_actor_and_target_after_it_is_written()
    {
        var orgId = NewOrgId();
        await using var events = await OrgEventRecorder.SubscribeAsync(fixture.Cluster.Client, orgId);
        var host = await TestData.RegisteredHostAsync(Grains, orgId);
        var hostId = host.GetPrimaryKeyString();
        var job = (await host.SubmitJobAsync(TestData.Job(orgId: orgId))).Job;
        await host.CancelJobAsync(orgId, job.Id, TestData.Admin);

        var written = await events.WaitForAsync<AuditEntryWritten>(list => list.Count >= 3);

        Assert.Equal([$"host/{hostId}", $"job/{job.Id:D}", $"job/{job.Id:D}"], written.Select(e => e.Target));
        Assert.All(written, e => Assert.Equal((TestData.Admin, "api"), (e.Actor, e.Via)));
        Assert.Equal(3, written.Select(e => e.EntryId).Distinct().Count());
    }

    [Fact]
    public async Task Host_metrics_are_published_at_most_once_per_five_seconds_of_the_domain_clock()
    {
        var orgId = NewOrgId();
        await using var events = await OrgEventRecorder.SubscribeAsync(fixture.Cluster.Client, orgId);
        var host = await TestData.RegisteredHostAsync(Grains, orgId);
        var connectionId = Guid.NewGuid();
        await host.ConnectAsync(connectionId, TestData.Peer, Grains.CreateObjectReference<IAgentObserver>(new NullAgent()), new AgentHello("test", []));

        for (var i = 0; i < 5; i++)
        {
            await host.HeartbeatAsync(connectionId, Load with { CpuPercent = i });
        }

        fixture.Clock.Advance(HostMetricsReported.MinInterval);
        await host.HeartbeatAsync(connectionId, Load with { CpuPercent = 99 });

        var reported = await events.WaitForAsync<HostMetricsReported>(list => list.Count >= 2);
        Assert.Equal([0, 99], reported.Select(r => r.Metrics.CpuPercent));
    }

    [Fact]
    public async Task A_job_publishes_each_state_it_enters_with_who_asked_for_it()
    {
        var orgId = NewOrgId();
        await using var events = await OrgEventRecorder.SubscribeAsync(fixture.Cluster.Client, orgId);
        var host = await TestData.RegisteredHostAsync(Grains, orgId);
        var submitted = (await host.SubmitJobAsync(TestData.Job(orgId: orgId))).Job;
        var job = Grains.GetJobGrain(submitted.Id);

        await job.MarkDispatchedAsync();
        await job.MarkDispatchedAsync();
        await job.MarkRunningAsync();
        await job.CompleteAsync(new JobResult(false, null, "Unknown command"));

        var states = await events.WaitForAsync<JobStateChanged>(list => list.Count == 4);
        Assert.Equal([JobState.Queued, JobState.Dispatched, JobState.Running, JobState.Failed], states.Select(s => s.State));
        Assert.All(states, s => Assert.Equal((submitted.Id, host.GetPrimaryKeyString(), GameActions.PlayersList, TestData.Admin), (s.JobId, s.HostId, s.Action, s.Actor)));
        Assert.Equal("Unknown command", states[^1].Error);
    }

    [Fact]
    public async Task A_job_transition_and_its_audit_entry_go_out_as_one_stream_message_in_order()
    {
        var orgId = NewOrgId();
        await using var events = await OrgEventRecorder.SubscribeAsync(fixture.Cluster.Client, orgId);
        var host = await TestData.RegisteredHostAsync(Grains, orgId);
        var submitted = (await host.SubmitJobAsync(TestData.Job(orgId: orgId))).Job;
        var job = Grains.GetJobGrain(submitted.Id);

        await job.MarkDispatchedAsync();
        await job.CompleteAsync(new JobResult(true, "ok", null));

        var delivered = await events.WaitForDeliveredAsync(list => list.Count(d => d.Event is JobStateChanged) == 3);
        var ofJob = delivered
            .Where(d => d.Event is JobStateChanged { JobId: var id } && id == submitted.Id || d.Event is AuditEntryWritten { Target: var target } && target == $"job/{submitted.Id:D}")
            .ToArray();
        Assert.Equal(
            ["AuditEntryWritten", "Queued", "Dispatched", "AuditEntryWritten", "Succeeded"],
            ofJob.Select(d => d.Event is JobStateChanged change ? change.State.ToString() : d.Event.Kind));

        // Submission and finish: the entry and the state in one message (one sequence number, events 0 and 1).
        Assert.Equal((ofJob[0].Token!.SequenceNumber, 0, 1), (ofJob[1].Token!.SequenceNumber, ofJob[0].Token!.EventIndex, ofJob[1].Token!.EventIndex));
        Assert.Equal((ofJob[3].Token!.SequenceNumber, 0, 1), (ofJob[4].Token!.SequenceNumber, ofJob[3].Token!.EventIndex, ofJob[4].Token!.EventIndex));
        Assert.NotEqual(ofJob[1].Token!.SequenceNumber, ofJob[2].Token!.SequenceNumber);
    }

    [Fact]
    public async Task A_job_submitted_through_its_grain_goes_out_queued_and_dispatched_in_one_stream_message()
    {
        var orgId = NewOrgId();
        await using var events = await OrgEventRecorder.SubscribeAsync(fixture.Cluster.Client, orgId);
        var host = await TestData.RegisteredHostAsync(Grains, orgId);
        await host.ConnectAsync(Guid.NewGuid(), TestData.Peer, Grains.CreateObjectReference<IAgentObserver>(new RecordingAgent()), new AgentHello("test", []));
        var job = Grains.GetJobGrain(Guid.CreateVersion7());

        await job.SubmitAsync(host.GetPrimaryKeyString(), TestData.Job(orgId: orgId), TimeSpan.Zero);
        await job.ReportAsync(host.GetPrimaryKeyString(), new JobReport(job.GetPrimaryKey(), new JobResult(true, "ok", null)));

        var delivered = await events.WaitForDeliveredAsync(list => list.Count(d => d.Event is JobStateChanged) == 3);
        AssertQueuedAndDispatchedInOneMessage(delivered, job.GetPrimaryKey());
    }

    [Fact]
    public async Task A_job_of_a_batch_sent_to_a_connected_agent_goes_out_queued_and_dispatched_in_one_stream_message()
    {
        var orgId = NewOrgId();
        await using var events = await OrgEventRecorder.SubscribeAsync(fixture.Cluster.Client, orgId);
        var host = await TestData.RegisteredHostAsync(Grains, orgId);
        await host.ConnectAsync(Guid.NewGuid(), TestData.Peer, Grains.CreateObjectReference<IAgentObserver>(new RecordingAgent()), new AgentHello("test", []));

        var submitted = (await host.SubmitJobsAsync([TestData.Job(orgId: orgId), TestData.Job(orgId: orgId)]))[1].Job;
        await Grains.GetJobGrain(submitted.Id).ReportAsync(host.GetPrimaryKeyString(), new JobReport(submitted.Id, new JobResult(true, "ok", null)));

        var delivered = await events.WaitForDeliveredAsync(list => list.Count(d => d.Event is JobStateChanged { JobId: var id } && id == submitted.Id) == 3);
        Assert.Equal(JobState.Queued, submitted.State);
        AssertQueuedAndDispatchedInOneMessage(delivered, submitted.Id);
    }

    // The job's submission audit entry, Queued and Dispatched share one stream message (events 0-2 of one token); its
    // finish comes in a message of its own.
    private static void AssertQueuedAndDispatchedInOneMessage(IReadOnlyList<(OrgEvent Event, StreamSequenceToken? Token)> delivered, Guid jobId)
    {
        var ofJob = delivered
            .Where(d => d.Event is JobStateChanged { JobId: var id } && id == jobId || d.Event is AuditEntryWritten { Target: var target } && target == $"job/{jobId:D}")
            .ToArray();
        Assert.Equal(
            ["AuditEntryWritten", "Queued", "Dispatched", "AuditEntryWritten", "Succeeded"],
            ofJob.Select(d => d.Event is JobStateChanged change ? change.State.ToString() : d.Event.Kind));
        Assert.Equal(
            [(ofJob[0].Token!.SequenceNumber, 0), (ofJob[0].Token!.SequenceNumber, 1), (ofJob[0].Token!.SequenceNumber, 2)],
            ofJob[..3].Select(d => (d.Token!.SequenceNumber, d.Token.EventIndex)));
        Assert.NotEqual(ofJob[2].Token!.SequenceNumber, ofJob[3].Token!.SequenceNumber);
    }

    [Fact]
    public async Task Events_published_faster_than_they_are_delivered_all_arrive_in_their_order()
    {
        var orgId = NewOrgId();
        await using var events = await OrgEventRecorder.SubscribeAsync(fixture.Cluster.Client, orgId);
        var stream = fixture.Cluster.Client.GetStreamProvider(OrgEventStreams.ProviderName).GetStream<OrgEvent>(OrgEventStreams.For(orgId));
        HostStatusChanged Change(int i) => new(orgId, DateTimeOffset.UtcNow, i, null, $"host-{i}", "Box", HostStatus.Online, HostStatus.Pending, null);
        const int Messages = 600;

        // Single events and several-event messages mixed, far more than one delivery takes (GameOps:Events:DeliveryBatchSize).
        var next = 0;
        for (var m = 0; m < Messages; m++)
        {
            var size = m % 3 == 0 ? 3 : 1;
            var batch = Enumerable.Range(next, size).Select(Change).ToArray();
            next += size;
            await (size == 1 ? stream.OnNextAsync(batch[0]) : stream.OnNextBatchAsync(batch));
        }

        var received = await events.WaitForAsync<HostStatusChanged>(list => list.Count >= next);

        Assert.Equal(Enumerable.Range(0, next).Select(i => (long?)i), received.Select(e => e.Sequence));
    }

    [Fact]
    public async Task A_game_server_publishes_changes_of_its_health_not_repeated_probes()
    {
        var orgId = NewOrgId();
        await using var events = await OrgEventRecorder.SubscribeAsync(fixture.Cluster.Client, orgId);
        var server = Grains.GetGrain<IGameServerGrain>(GameServerKeys.For(TestData.NewHostId(), "main"));
        await server.DeclareAsync(orgId, new GameServerDescriptor("main", "Main world", "source-rcon", []));

        await server.ReportHealthAsync(new HealthReport(ServerHealth.Up, null, DateTimeOffset.UtcNow));
        await server.ReportHealthAsync(new HealthReport(ServerHealth.Up, null, DateTimeOffset.UtcNow));
        await server.ReportHealthAsync(new HealthReport(ServerHealth.Down, "Connection refused", DateTimeOffset.UtcNow));

        var changes = await events.WaitForAsync<GameServerHealthChanged>(list => list.Count >= 2);
        Assert.Equal(
            [(ServerHealth.Unknown, ServerHealth.Up, null), (ServerHealth.Up, ServerHealth.Down, "Connection refused")],
            changes.Select(c => (c.PreviousHealth, c.Health, c.Detail)));
        Assert.Equal(("main", "Main world"), (changes[1].ServerId, changes[1].ServerName));
    }

    [Fact]
    public async Task The_alert_grain_hears_a_host_go_offline_from_the_stream_and_publishes_its_alert_in_sequence()
    {
        var orgId = NewOrgId();
        await using var events = await OrgEventRecorder.SubscribeAsync(fixture.Cluster.Client, orgId);
        var alerts = Grains.GetGrain<IAlertGrain>(orgId);
        var host = await TestData.RegisteredHostAsync(Grains, orgId);
        var connectionId = Guid.NewGuid();
        await host.ConnectAsync(connectionId, TestData.Peer, Grains.CreateObjectReference<IAgentObserver>(new NullAgent()), new AgentHello("test", []));
        await alerts.AddRuleAsync(new AddAlertRule("Offline", AlertKind.HostOffline, null, TimeSpan.Zero, TestData.Admin));

        await host.DisconnectAsync(connectionId, DisconnectReason.StreamEnded);

        var changes = await events.WaitForAsync<AlertStateChanged>(list => list.Any(c => c.Status == AlertStatus.Firing));
        Assert.Equal([AlertStatus.Pending, AlertStatus.Firing], changes.Select(c => c.Status));
        Assert.All(changes, c => Assert.Equal((AlertKind.HostOffline, host.GetPrimaryKeyString()), (c.AlertKind, c.Subject)));
        Assert.True(changes[0].Sequence < changes[1].Sequence);
    }
}

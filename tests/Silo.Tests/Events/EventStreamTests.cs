using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using GameOps.Grains;
using GameOps.Grains.Events;
using GameOps.Grains.Hosts;
using GameOps.Grains.Jobs;
using GameOps.Grains.Orgs;
using GameOps.Silo.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace GameOps.Silo.Tests.Events;

public sealed class EventStreamTests(EventSiloFactory factory) : IClassFixture<EventSiloFactory>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private HttpClient Admin
    {
        get
        {
            factory.StartServer();
            var client = factory.CreateApiClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", factory.AdminKey);
            client.Timeout = Timeout.InfiniteTimeSpan;
            return client;
        }
    }

    private IClusterClient Cluster => factory.Services.GetRequiredService<IClusterClient>();

    private async Task<SseClient> OpenAsync()
    {
        var sse = await SseClient.OpenAsync(Admin, "/api/v1/events", Patience);
        Assert.Equal(HttpStatusCode.OK, sse.Response.StatusCode);
        Assert.Equal("text/event-stream", sse.Response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("subscribed", (await sse.ReadAsync(Patience)).Comment);
        return sse;
    }

    private Task PublishAsync(OrgEvent orgEvent) =>
        Cluster.GetStreamProvider(OrgEventStreams.ProviderName).GetStream<OrgEvent>(OrgEventStreams.For(orgEvent.OrgId)).OnNextAsync(orgEvent);

    private static HostStatusChanged StatusChange(string orgId, string hostId) =>
        new(orgId, DateTimeOffset.UtcNow, null, null, hostId, "Box", HostStatus.Online, HostStatus.Pending, null);

    [Fact]
    public async Task Events_need_a_key()
    {
        factory.StartServer();
        using var anonymous = factory.CreateApiClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/events")).StatusCode);
    }

    [Fact]
    public async Task A_job_submitted_through_the_api_reaches_an_sse_client_as_one_line_json_events()
    {
        await using var sse = await OpenAsync();
        var host = await new GameOpsApi(Admin).CreateHostAsync();

        var job = await new GameOpsApi(Admin).CreateJobAsync(host.Host.Id);

        var message = await sse.ReadUntilAsync(m => m.Event == nameof(JobStateChanged), Patience);
        Assert.DoesNotContain('\n', message.Data!);
        var data = JsonDocument.Parse(message.Data!).RootElement;
        Assert.Equal(nameof(JobStateChanged), data.GetProperty("kind").GetString());
        Assert.Equal(OrgIds.Default, data.GetProperty("orgId").GetString());
        Assert.Equal(job.Id, data.GetProperty("jobId").GetGuid());
        Assert.Equal(nameof(JobState.Queued), data.GetProperty("state").GetString());
        Assert.Equal(nameof(ActorKind.Api), data.GetProperty("actor").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task A_client_sees_only_its_own_orgs_events()
    {
        var otherOrg = "org-other-" + Guid.NewGuid().ToString("N");
        await using var sse = await OpenAsync();
        await using var otherViewer = await factory.Hub.JoinAsync(otherOrg, CancellationToken.None);

        await PublishAsync(StatusChange(otherOrg, "other-host"));
        await Eventually.ReadAsync(() => Task.FromResult(otherViewer.TryRead(out var f) ? f.Event : null), e => e is not null, Patience);
        await PublishAsync(StatusChange(OrgIds.Default, "own-host"));

        await sse.ReadUntilAsync(m => m.Data?.Contains("own-host", StringComparison.Ordinal) == true, Patience);
        Assert.DoesNotContain(sse.Seen, m => m.Data?.Contains(otherOrg, StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Many_clients_of_one_org_share_one_stream_subscription_which_ends_with_the_last()
    {
        var clients = new List<SseClient>();
        for (var i = 0; i < 5; i++)
        {
            clients.Add(await OpenAsync());
        }

        var handles = await Cluster.GetStreamProvider(OrgEventStreams.ProviderName)
            .GetStream<OrgEvent>(OrgEventStreams.For(OrgIds.Default)).GetAllSubscriptionHandles();
        Assert.Single(handles);
        await PublishAsync(StatusChange(OrgIds.Default, "shared-host"));
        foreach (var client in clients)
        {
            await client.ReadUntilAsync(m => m.Data?.Contains("shared-host", StringComparison.Ordinal) == true, Patience);
        }

        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }

        await Eventually.ReadAsync(
            () => Cluster.GetStreamProvider(OrgEventStreams.ProviderName).GetStream<OrgEvent>(OrgEventStreams.For(OrgIds.Default)).GetAllSubscriptionHandles(),
            h => h.Count == 0,
            Patience);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(50)]
    public async Task Each_event_is_encoded_once_and_every_client_of_the_silo_gets_those_same_bytes(int clients)
    {
        var orgId = "org-shared-" + Guid.NewGuid().ToString("N");
        var viewers = new List<StreamViewer<EventFrame>>();
        for (var i = 0; i < clients; i++)
        {
            viewers.Add(await factory.Hub.JoinAsync(orgId, CancellationToken.None));
        }

        try
        {
            await PublishAsync(StatusChange(orgId, "encoded-once"));

            var frames = new List<EventFrame>();
            foreach (var viewer in viewers)
            {
                frames.Add((await Eventually.ReadAsync(() => Task.FromResult(viewer.TryRead(out var f) ? f : null), f => f is not null, Patience))!);
            }

            // One array for all clients: the event was serialized once, not once per client.
            Assert.All(frames, f => Assert.Same(frames[0].Bytes, f.Bytes));
            Assert.StartsWith($"event: {nameof(HostStatusChanged)}\ndata: {{", System.Text.Encoding.UTF8.GetString(frames[0].Bytes), StringComparison.Ordinal);
        }
        finally
        {
            foreach (var viewer in viewers)
            {
                await viewer.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task An_idle_client_gets_a_keep_alive_comment_each_interval()
    {
        await using var sse = await OpenAsync();

        factory.KeepAliveClock.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal("keep-alive", (await sse.ReadAsync(Patience)).Comment);
        factory.KeepAliveClock.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal("keep-alive", (await sse.ReadAsync(Patience)).Comment);
    }

    [Fact]
    public async Task A_slow_client_loses_events_and_is_told_while_others_get_them_all()
    {
        var orgId = "org-slow-" + Guid.NewGuid().ToString("N");
        await using var slow = await factory.Hub.JoinAsync(orgId, CancellationToken.None);
        await using var fast = await factory.Hub.JoinAsync(orgId, CancellationToken.None);
        var count = EventSiloFactory.ViewerQueueCapacity * 3;

        var received = new List<OrgEvent>();
        for (var i = 0; i < count; i++)
        {
            await PublishAsync(StatusChange(orgId, $"host-{i}"));
            received.Add((await Eventually.ReadAsync(() => Task.FromResult(fast.TryRead(out var f) ? f.Event : null), e => e is not null, Patience))!);
        }

        Assert.Equal(Enumerable.Range(0, count).Select(i => $"host-{i}"), received.Cast<HostStatusChanged>().Select(e => e.HostId));
        Assert.Equal(count - EventSiloFactory.ViewerQueueCapacity, slow.TakeDropped());
        var queued = new List<string>();
        while (slow.TryRead(out var f))
        {
            queued.Add(((HostStatusChanged)f.Event).HostId);
        }

        Assert.Equal(Enumerable.Range(0, EventSiloFactory.ViewerQueueCapacity).Select(i => $"host-{i}"), queued);
    }

    [Fact]
    public async Task A_burst_in_one_delivery_fills_a_clients_queue_with_its_oldest_events_and_counts_the_rest_as_dropped()
    {
        var orgId = "org-burst-" + Guid.NewGuid().ToString("N");
        await using var viewer = await factory.Hub.JoinAsync(orgId, CancellationToken.None);
        var burst = EventSiloFactory.ViewerQueueCapacity * 3;

        // One stream message, so the fan-out receives the whole burst in one delivery.
        await Cluster.GetStreamProvider(OrgEventStreams.ProviderName).GetStream<OrgEvent>(OrgEventStreams.For(orgId))
            .OnNextBatchAsync(Enumerable.Range(0, burst).Select(i => StatusChange(orgId, $"host-{i}")).ToArray());

        // Nothing is read until the whole burst was offered, so the queue keeps the oldest and the count covers the rest.
        var dropped = 0;
        await Eventually.ReadAsync(() => Task.FromResult(dropped += viewer.TakeDropped()), d => d >= burst - EventSiloFactory.ViewerQueueCapacity, Patience);
        var queued = new List<string>();
        while (viewer.TryRead(out var frame))
        {
            queued.Add(((HostStatusChanged)frame.Event).HostId);
        }

        Assert.Equal(Enumerable.Range(0, EventSiloFactory.ViewerQueueCapacity).Select(i => $"host-{i}"), queued);
        Assert.Equal(burst - EventSiloFactory.ViewerQueueCapacity, dropped + viewer.TakeDropped());
    }

    [Fact]
    public void The_org_event_streams_deliver_many_queued_messages_per_call()
    {
        factory.StartServer();

        var pullingAgent = factory.Services.GetRequiredService<IOptionsMonitor<StreamPullingAgentOptions>>().Get(OrgEventStreams.ProviderName);

        // One message per delivery call (Orleans' default) left a busy org's SSE clients seconds behind (docs/benchmarks.md).
        Assert.Equal(factory.Services.GetRequiredService<IOptions<EventStreamOptions>>().Value.DeliveryBatchSize, pullingAgent.BatchContainerBatchSize);
        Assert.True(pullingAgent.BatchContainerBatchSize > 1);
    }
}

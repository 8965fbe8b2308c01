using GameOps.Grains;
using GameOps.Grains.Events;
using GameOps.Grains.Observability;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace GameOps.Silo.Events;

/// <summary>This silo's fan-out of org events to its SSE clients, keyed by org id.</summary>
public sealed class OrgEventHub(
    IClusterClient client,
    IOptions<EventStreamOptions> options,
    IOptions<JsonOptions> json,
    IDomainClock clock,
    GameOpsMetrics metrics,
    ILogger<OrgEventHub> logger)
    : StreamFanout<OrgEvent, EventFrame>(client, options.Value.ViewerQueueCapacity, logger)
{
    protected override string ProviderName => OrgEventStreams.ProviderName;

    protected override StreamId StreamFor(string key) => OrgEventStreams.For(key);

    protected override EventFrame Encode(OrgEvent item, int clients)
    {
        if (IsTimed(item))
        {
            metrics.EventFannedOut(EventFanoutStage.Received, clock.UtcNow - item.At);
        }

        return EventFrame.For(item, json.Value.SerializerOptions, clients);
    }

    /// <summary>
    /// A client's endpoint handed <paramref name="frame"/> to its response: times the first and the last of the frame's
    /// clients from the event's <c>at</c>, so the metric shows where an event's delivery time goes.
    /// </summary>
    public void Written(EventFrame frame)
    {
        if (!IsTimed(frame.Event))
        {
            return;
        }

        var (first, last) = frame.CountWritten();
        if (first)
        {
            metrics.EventFannedOut(EventFanoutStage.FirstClient, clock.UtcNow - frame.Event.At);
        }

        if (last)
        {
            metrics.EventFannedOut(EventFanoutStage.LastClient, clock.UtcNow - frame.Event.At);
        }
    }

    // An audit entry's 'at' is when its change was made, before the write that stores both: its lag would count the
    // storage commit (and for a job's submission, the API's call to the host), not the event's way to the clients.
    private static bool IsTimed(OrgEvent orgEvent) => orgEvent is not AuditEntryWritten;
}

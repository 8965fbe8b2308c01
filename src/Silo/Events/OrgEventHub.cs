using GameOps.Grains.Events;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace GameOps.Silo.Events;

/// <summary>This silo's fan-out of org events to its SSE clients, keyed by org id.</summary>
public sealed class OrgEventHub(
    IClusterClient client, IOptions<EventStreamOptions> options, IOptions<JsonOptions> json, ILogger<OrgEventHub> logger)
    : StreamFanout<OrgEvent, EventFrame>(client, options.Value.ViewerQueueCapacity, logger)
{
    protected override string ProviderName => OrgEventStreams.ProviderName;

    protected override StreamId StreamFor(string key) => OrgEventStreams.For(key);

    protected override EventFrame Encode(OrgEvent item) => EventFrame.For(item, json.Value.SerializerOptions);
}

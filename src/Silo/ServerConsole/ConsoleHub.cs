using GameOps.Grains.Events;
using GameOps.Grains.ServerConsole;
using GameOps.Silo.Events;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace GameOps.Silo.ServerConsole;

/// <summary>This silo's fan-out of console lines to its SSE clients, keyed by game server; a batch of lines is one frame.</summary>
public sealed class ConsoleHub(
    IClusterClient client, IOptions<ConsoleViewerOptions> options, IOptions<JsonOptions> json, ILogger<ConsoleHub> logger)
    : StreamFanout<ConsoleBatch, ConsoleFrames>(client, options.Value.ViewerQueueBatches, logger)
{
    protected override string ProviderName => OrgEventStreams.ProviderName;

    protected override StreamId StreamFor(string key) => ConsoleStreams.For(key);

    protected override ConsoleFrames Encode(ConsoleBatch item) => new(ConsoleFrame.For(item.Lines, json.Value.SerializerOptions), item.Lines);
}

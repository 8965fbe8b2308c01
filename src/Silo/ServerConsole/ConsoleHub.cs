using GameOps.Grains;
using GameOps.Grains.Events;
using GameOps.Grains.Hosts;
using GameOps.Grains.GameServers;
using GameOps.Grains.ServerConsole;
using GameOps.Silo.Events;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace GameOps.Silo.ServerConsole;

/// <summary>
/// This silo's fan-out of console lines to its SSE clients, keyed by game server; a batch of lines is one frame. The
/// silo an agent is connected to publishes only the lines of servers some silo watches, so the hub tells the host grain
/// when a client joins and renews that while it has clients (<see cref="IHostGrain.WatchConsoleAsync"/>).
/// </summary>
public sealed partial class ConsoleHub(
    IClusterClient client, IGrainFactory grains, IOptions<ConsoleViewerOptions> options, IOptions<JsonOptions> json, TimeProvider time, ILogger<ConsoleHub> logger)
    : StreamFanout<ConsoleBatch, ConsoleFrames>(client, options.Value.ViewerQueueBatches, logger)
{
    /// <summary>How long one watch lasts; renewed three times within it, so two lost renewals in a row lose nothing.</summary>
    public static readonly TimeSpan WatchLease = TimeSpan.FromSeconds(60);

    private readonly CancellationTokenSource _stopping = new();
    private Task _renewing = Task.CompletedTask;

    protected override string ProviderName => OrgEventStreams.ProviderName;

    protected override StreamId StreamFor(string key) => ConsoleStreams.For(key);

    protected override ConsoleFrames Encode(ConsoleBatch item, int clients) => new(ConsoleFrame.For(item.Lines, json.Value.SerializerOptions), item.Lines);

    // Before the client reads the held lines: what is stored from here on is published to it, what came before is held.
    protected override Task OnJoinedAsync(string key, CancellationToken cancellationToken) => WatchAsync(key);

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _renewing = RenewAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _renewing;
        await base.StopAsync(cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _stopping.Dispose();
        }

        base.Dispose(disposing);
    }

    private async Task RenewAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(WatchLease / 3, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                foreach (var key in SubscribedKeys())
                {
                    try
                    {
                        await WatchAsync(key);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        LogWatchNotRenewed(logger, e, key);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private Task WatchAsync(string key)
    {
        var (hostId, serverId) = GameServerKeys.Parse(key);
        return grains.GetHostGrain(hostId).WatchConsoleAsync(serverId, WatchLease);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not renew this silo's watch of the console of {Key}; its lines reach this silo's clients only through their catch-up until a renewal succeeds")]
    private static partial void LogWatchNotRenewed(ILogger logger, Exception exception, string key);
}

using GameOps.Grains.Events;
using GameOps.Silo.Events;

namespace GameOps.Silo.WebConsole;

/// <summary>
/// One circuit's place in the silo's org event fan-out: hands its queued events to the circuit one at a time, and a
/// null when its bounded queue dropped some (the page reads its state again), until disposed.
/// </summary>
public sealed partial class OrgEventWatch : IAsyncDisposable
{
    private readonly StreamViewer<EventFrame> _viewer;
    private readonly Func<OrgEvent?, Task> _onEvent;
    private readonly ILogger _logger;
    private readonly Task _pump;

    public OrgEventWatch(StreamViewer<EventFrame> viewer, Func<OrgEvent?, Task> onEvent, ILogger logger)
    {
        _viewer = viewer;
        _onEvent = onEvent;
        _logger = logger;
        _pump = Task.Run(PumpAsync);
    }

    private async Task PumpAsync()
    {
        while (await _viewer.WaitToReadAsync())
        {
            while (_viewer.TryRead(out var frame))
            {
                await DeliverAsync(frame.Event);
            }

            if (_viewer.TakeDropped() > 0)
            {
                await DeliverAsync(null);
            }

            // Keep-alives are for SSE connections; a circuit has its own.
            _viewer.TakeKeepAlive();
        }
    }

    private async Task DeliverAsync(OrgEvent? orgEvent)
    {
        try
        {
            await _onEvent(orgEvent);
        }
        catch (Exception e)
        {
            // One page's failure must not stop the events of the others in the circuit, nor this loop.
            LogDeliveryFailed(_logger, e, _viewer.Key);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _viewer.Complete();
        await _pump;
        await _viewer.DisposeAsync();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A web console page failed on an event of org {OrgId}")]
    private static partial void LogDeliveryFailed(ILogger logger, Exception exception, string orgId);
}

using GameOps.Silo.Events;

namespace GameOps.Silo.WebConsole;

/// <summary>
/// One circuit's place in one of the silo's fan-outs (an org's events, a server's console lines): hands its queued frames
/// to the circuit one at a time, and a null when its bounded queue dropped some (the page reads its state again), until
/// disposed.
/// </summary>
public sealed partial class CircuitWatch<TFrame> : IAsyncDisposable
    where TFrame : class
{
    private readonly StreamViewer<TFrame> _viewer;
    private readonly Func<TFrame?, Task> _onFrame;
    private readonly ILogger _logger;
    private readonly Task _pump;

    public CircuitWatch(StreamViewer<TFrame> viewer, Func<TFrame?, Task> onFrame, ILogger logger)
    {
        _viewer = viewer;
        _onFrame = onFrame;
        _logger = logger;
        _pump = Task.Run(PumpAsync);
    }

    private async Task PumpAsync()
    {
        while (await _viewer.WaitToReadAsync())
        {
            while (_viewer.TryRead(out var frame))
            {
                await DeliverAsync(frame);
            }

            if (_viewer.TakeDropped() > 0)
            {
                await DeliverAsync(null);
            }

            // Keep-alives are for SSE connections; a circuit has its own.
            _viewer.TakeKeepAlive();
        }
    }

    private async Task DeliverAsync(TFrame? frame)
    {
        try
        {
            await _onFrame(frame);
        }
        catch (Exception e)
        {
            // One page's failure must not stop the frames of the others in the circuit, nor this loop.
            LogDeliveryFailed(_logger, e, _viewer.Key);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _viewer.Complete();
        await _pump;
        await _viewer.DisposeAsync();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A web console page failed on what the stream of {Key} brought")]
    private static partial void LogDeliveryFailed(ILogger logger, Exception exception, string key);
}

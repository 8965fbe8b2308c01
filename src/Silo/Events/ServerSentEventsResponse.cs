using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.Features;

namespace GameOps.Silo.Events;

/// <summary>
/// The one write loop of every Server-Sent Events endpoint: a client's queued frames, then a keep-alive comment when one is
/// due, in one flush per wake-up, until the client leaves or the silo stops.
/// </summary>
public static class ServerSentEventsResponse
{
    private static readonly byte[] KeepAlive = ": keep-alive\n\n"u8.ToArray();

    /// <summary>Sets the response up as an event stream and says the client is subscribed.</summary>
    /// <remarks>Called once the client's viewer has joined, so a client knows that everything from here on reaches it.</remarks>
    public static async Task BeginAsync(HttpContext http)
    {
        var response = http.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        response.BodyWriter.Write(": subscribed\n\n"u8);
        await response.BodyWriter.FlushAsync(http.RequestAborted);
    }

    /// <summary>
    /// Writes what <paramref name="writeQueued"/> takes from the viewer each time it wakes, until the client leaves (then
    /// the write in progress throws <see cref="OperationCanceledException"/>) or the silo stops.
    /// <paramref name="writeQueued"/> need not flush; the loop flushes.
    /// </summary>
    public static async Task PumpAsync<TFrame>(
        HttpContext http, StreamViewer<TFrame> viewer, TimeSpan keepAliveInterval, TimeProvider clock, Func<PipeWriter, ValueTask> writeQueued)
        where TFrame : class
    {
        var cancellation = http.RequestAborted;
        var body = http.Response.BodyWriter;
        // The timer only flags the client's own queue, so a frame wakes one await per client, not a race of two.
        using var keepAlive = clock.CreateTimer(static v => ((StreamViewer<TFrame>)v!).OfferKeepAlive(), viewer, keepAliveInterval, keepAliveInterval);
        // Ending the queue when the client leaves lets every wait go without a token: a cancellable wait costs an allocation per frame.
        using var left = cancellation.Register(static v => ((StreamViewer<TFrame>)v!).Complete(), viewer);
        while (await viewer.WaitToReadAsync())
        {
            await writeQueued(body);
            if (viewer.TakeKeepAlive())
            {
                body.Write(KeepAlive);
            }

            await body.FlushAsync(cancellation);
        }
    }
}

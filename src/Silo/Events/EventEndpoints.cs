using System.Buffers;
using System.Security.Claims;
using System.Text.Json;
using GameOps.Silo.Security;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace GameOps.Silo.Events;

public static class EventEndpoints
{
    /// <summary>The key of the clock the SSE keep-alive runs on; tests replace it with a fake one.</summary>
    public const string ClockKey = "events";

    private static readonly byte[] KeepAlive = ": keep-alive\n\n"u8.ToArray();

    public static RouteGroupBuilder MapEventEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/events", StreamEventsAsync)
            .WithTags("Events")
            .WithSummary("The caller's org events as Server-Sent Events: event = the event's kind, data = its JSON on one line.")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream");
        return api;
    }

    private static async Task StreamEventsAsync(
        HttpContext http,
        ClaimsPrincipal user,
        OrgEventHub hub,
        IOptions<EventStreamOptions> options,
        IOptions<JsonOptions> json,
        [FromKeyedServices(ClockKey)] TimeProvider clock)
    {
        var cancellation = http.RequestAborted;
        var response = http.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        await using var viewer = await hub.JoinAsync(user.GetOrgId(), cancellation);
        // The timer only flags the client's own queue, so an event wakes one await per client, not a race of two.
        using var keepAlive = clock.CreateTimer(
            static v => ((EventViewer)v!).OfferKeepAlive(), viewer, options.Value.KeepAliveInterval, options.Value.KeepAliveInterval);
        // Ending the queue when the client leaves lets every wait go without a token: a cancellable wait costs an allocation per event.
        using var left = cancellation.Register(static v => ((EventViewer)v!).Complete(), viewer);

        try
        {
            // Sent once subscribed, so a client knows that every event from here on reaches it.
            response.BodyWriter.Write(": subscribed\n\n"u8);
            await response.BodyWriter.FlushAsync(cancellation);

            while (await viewer.WaitToReadAsync(CancellationToken.None))
            {
                await WriteQueuedAsync(response, viewer, json.Value.SerializerOptions, cancellation);
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // The client left.
        }
    }

    /// <summary>Writes every event the client has queued, then a gap notice if some were dropped and any keep-alive due, in one flush.</summary>
    private static async ValueTask WriteQueuedAsync(HttpResponse response, EventViewer viewer, JsonSerializerOptions json, CancellationToken cancellationToken)
    {
        while (viewer.TryRead(out var frame))
        {
            response.BodyWriter.Write(frame.Bytes);
        }

        if (viewer.TakeDropped() is var dropped and > 0)
        {
            response.BodyWriter.Write(EventFrame.Gap(dropped, json));
        }

        if (viewer.TakeKeepAlive())
        {
            response.BodyWriter.Write(KeepAlive);
        }

        await response.BodyWriter.FlushAsync(cancellationToken);
    }
}

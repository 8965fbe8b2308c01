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
        using var keepAlive = new PeriodicTimer(options.Value.KeepAliveInterval, clock);

        // Sent once subscribed, so a client knows that every event from here on reaches it.
        await response.Body.WriteAsync(": subscribed\n\n"u8.ToArray(), cancellation);
        await response.Body.FlushAsync(cancellation);

        var tick = keepAlive.WaitForNextTickAsync(cancellation).AsTask();
        var next = viewer.WaitToReadAsync(cancellation).AsTask();
        try
        {
            while (true)
            {
                var woke = await Task.WhenAny(tick, next);
                if (woke == tick)
                {
                    if (!await tick)
                    {
                        return;
                    }

                    await response.Body.WriteAsync(KeepAlive, cancellation);
                    await response.Body.FlushAsync(cancellation);
                    tick = keepAlive.WaitForNextTickAsync(cancellation).AsTask();
                    continue;
                }

                if (!await next)
                {
                    return;
                }

                await WriteQueuedAsync(response, viewer, json.Value.SerializerOptions, cancellation);
                next = viewer.WaitToReadAsync(cancellation).AsTask();
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // The client left.
        }
    }

    /// <summary>Writes every event the client has queued, then a gap notice if some were dropped, in one flush.</summary>
    private static async Task WriteQueuedAsync(HttpResponse response, EventViewer viewer, JsonSerializerOptions json, CancellationToken cancellationToken)
    {
        while (viewer.TryRead(out var frame))
        {
            response.BodyWriter.Write(frame.Bytes);
        }

        if (viewer.TakeDropped() is var dropped and > 0)
        {
            response.BodyWriter.Write(EventFrame.Gap(dropped, json));
        }

        await response.BodyWriter.FlushAsync(cancellationToken);
    }
}

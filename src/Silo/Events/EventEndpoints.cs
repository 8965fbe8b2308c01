using System.Buffers;
using System.IO.Pipelines;
using System.Security.Claims;
using System.Text.Json;
using GameOps.Silo.Security;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using GameOps.Silo.Security.Authorization;

namespace GameOps.Silo.Events;

public static class EventEndpoints
{
    /// <summary>The key of the clock the SSE keep-alive runs on; tests replace it with a fake one.</summary>
    public const string ClockKey = "events";

    public static RouteGroupBuilder MapEventEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/events", StreamEventsAsync)
            .WithTags("Events")
            .RequirePermission(Permission.EventsRead)
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
        try
        {
            await using var viewer = await hub.JoinAsync(user.GetOrgId(), http.RequestAborted);
            await ServerSentEventsResponse.BeginAsync(http);
            var serializer = json.Value.SerializerOptions;
            await ServerSentEventsResponse.PumpAsync(http, viewer, options.Value.KeepAliveInterval, clock, body =>
            {
                WriteQueued(body, viewer, hub, serializer);
                return ValueTask.CompletedTask;
            });
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client left.
        }
    }

    /// <summary>Writes every event the client has queued, then a gap notice if some were dropped: the client re-reads state.</summary>
    private static void WriteQueued(PipeWriter body, StreamViewer<EventFrame> viewer, OrgEventHub hub, JsonSerializerOptions json)
    {
        while (viewer.TryRead(out var frame))
        {
            body.Write(frame.Bytes);
            hub.Written(frame);
        }

        if (viewer.TakeDropped() is var dropped and > 0)
        {
            body.Write(EventFrame.Gap(dropped, json));
        }
    }
}

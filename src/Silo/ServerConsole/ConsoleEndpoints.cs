using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Security.Claims;
using System.Text.Json;
using GameOps.Grains.GameServers;
using GameOps.Grains.ServerConsole;
using GameOps.Silo.Api;
using GameOps.Silo.Events;
using GameOps.Silo.Hosts;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using GameOps.Silo.Security.Authorization;

namespace GameOps.Silo.ServerConsole;

public static class ConsoleEndpoints
{
    public const string LastEventIdHeader = "Last-Event-ID";

    public static RouteGroupBuilder MapConsoleEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/hosts/{hostId}/servers/{serverId}/console", StreamConsoleAsync)
            .WithTags("Hosts")
            .RequirePermission(Permission.ConsoleRead)
            .WithSummary("The server's console as Server-Sent Events: the held lines (or those after Last-Event-ID), then each new line; id = the line's number.")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream");
        return api;
    }

    private static async Task<IResult> StreamConsoleAsync(
        string hostId,
        string serverId,
        HttpContext http,
        ClaimsPrincipal user,
        IGrainFactory grains,
        ConsoleHub hub,
        ConsoleHistory history,
        IOptions<EventStreamOptions> options,
        IOptions<JsonOptions> jsonOptions,
        [FromKeyedServices(EventEndpoints.ClockKey)] TimeProvider clock)
    {
        ulong after = 0;
        if (http.Request.Headers[LastEventIdHeader] is { Count: > 0 } lastEventId
            && !ulong.TryParse(lastEventId.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out after))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                [LastEventIdHeader] = ["Last-Event-ID must be the id of a console event: a whole number from 0."],
            });
        }

        if (await HostEndpoints.FindHostAsync(hostId, user, grains) is not { } host || !host.Servers.Any(s => s.Id == serverId))
        {
            return ApiExtensions.NotFound($"Server '{serverId}' of host '{hostId}' does not exist.");
        }

        var cancellation = http.RequestAborted;
        var json = jsonOptions.Value.SerializerOptions;
        var key = GameServerKeys.For(hostId, serverId);
        try
        {
            // Subscribed before the held lines are read, so no line falls between the two; any read twice is skipped by its number.
            await using var viewer = await hub.JoinAsync(key, cancellation);
            await ServerSentEventsResponse.BeginAsync(http);
            var sent = await CatchUpAsync(http.Response.BodyWriter, history, hostId, serverId, after, json, cancellation);
            await ServerSentEventsResponse.PumpAsync(http, viewer, options.Value.KeepAliveInterval, clock, async body =>
            {
                while (viewer.TryRead(out var frames))
                {
                    sent = await WriteAsync(body, frames, sent, after => CatchUpAsync(body, history, hostId, serverId, after, json, cancellation));
                }

                // A client too slow for its queue is not left with a hole: it catches up from the held lines.
                if (viewer.TakeDropped() > 0)
                {
                    sent = await CatchUpAsync(body, history, hostId, serverId, sent, json, cancellation);
                }
            });
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // The client left.
        }

        return Results.Empty;
    }

    /// <summary>
    /// Writes the lines of <paramref name="frames"/> numbered above <paramref name="sent"/>; returns the last number
    /// written. A frame that would leave a hole after <paramref name="sent"/> (its batch's publish was lost, or it came
    /// ahead of an earlier one) is preceded by <paramref name="catchUp"/> from the held lines, which were stored
    /// before they were published; what the catch-up already gave is not written twice.
    /// </summary>
    internal static async ValueTask<ulong> WriteAsync(PipeWriter body, ConsoleFrames frames, ulong sent, Func<ulong, Task<ulong>> catchUp)
    {
        foreach (var frame in frames.Lines)
        {
            if (frame.FirstTold > sent + 1)
            {
                sent = await catchUp(sent);
            }

            if (frame.Sequence > sent)
            {
                body.Write(frame.Bytes);
                sent = frame.Sequence;
            }
        }

        return sent;
    }

    /// <summary>Writes the held lines after <paramref name="after"/>, first saying how many of them are no longer held; returns the last number written.</summary>
    private static async Task<ulong> CatchUpAsync(
        PipeWriter body, ConsoleHistory history, string hostId, string serverId, ulong after, JsonSerializerOptions json, CancellationToken cancellation)
    {
        var backlog = await history.ReadAsync(hostId, serverId, after, cancellation);
        if (backlog.Missed > 0)
        {
            body.Write(ConsoleFrame.Missed(backlog.Missed, json));
        }

        foreach (var line in backlog.Lines)
        {
            body.Write(ConsoleFrame.For(line, json).Bytes);
        }

        await body.FlushAsync(cancellation);
        return backlog.LastToldAfter(after);
    }
}

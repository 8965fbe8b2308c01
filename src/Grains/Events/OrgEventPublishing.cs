using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Streams;

namespace GameOps.Grains.Events;

/// <summary>
/// Publishes a change on its org's stream, from a grain or from the silo's console intake (which publishes chat lines
/// without a grain, docs/adr/0046). An event only notifies (the change is already in the grain's state), so publishing
/// never waits for the stream nor fails the change: a lost event is logged and left to the subscribers, which re-read
/// state.
/// </summary>
public static partial class OrgEventPublishing
{
    internal static void Publish(this Grain grain, OrgEvent orgEvent, ILogger logger) =>
        grain.GetStreamProvider(OrgEventStreams.ProviderName).Publish(orgEvent, logger);

    /// <summary>Publishes the events of one grain turn, in order (see <see cref="Publish(IStreamProvider, IReadOnlyList{OrgEvent}, ILogger)"/>).</summary>
    internal static void Publish(this Grain grain, IReadOnlyList<OrgEvent> events, ILogger logger)
    {
        if (events.Count > 0)
        {
            grain.GetStreamProvider(OrgEventStreams.ProviderName).Publish(events, logger);
        }
    }

    /// <summary>Publishes <paramref name="orgEvent"/> on the org's stream of <paramref name="streams"/>, the events' provider.</summary>
    public static void Publish(this IStreamProvider streams, OrgEvent orgEvent, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(orgEvent);
        if (orgEvent.OrgId.Length == 0)
        {
            return;
        }

        streams.PublishOn(OrgEventStreams.For(orgEvent.OrgId), orgEvent, orgEvent.Kind, logger);

        // A second publish for the org's own grains, so that the org's other events (chat, jobs, audit, …) never wake
        // them; the first stream keeps every event in one order for SSE clients (docs/adr/0016).
        if (orgEvent is IOrgStateEvent)
        {
            streams.PublishOn(OrgEventStreams.StateFor(orgEvent.OrgId), orgEvent, orgEvent.Kind, logger);
        }
    }

    /// <summary>
    /// Publishes events, in order, as one message per stream: on memory streams each message is a call to the stream's
    /// queue grain and a container the pulling agent delivers, whatever the number of events in it.
    /// </summary>
    public static void Publish(this IStreamProvider streams, IReadOnlyList<OrgEvent> events, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(events);
        for (var start = 0; start < events.Count;)
        {
            var orgId = events[start].OrgId;
            var end = start + 1;
            while (end < events.Count && events[end].OrgId == orgId)
            {
                end++;
            }

            if (end - start == 1)
            {
                streams.Publish(events[start], logger);
            }
            else if (orgId.Length > 0)
            {
                var ofOrg = events.Skip(start).Take(end - start).ToArray();
                streams.PublishBatchOn(OrgEventStreams.For(orgId), ofOrg, ofOrg[0].Kind, logger);
                var stateEvents = ofOrg.Where(e => e is IOrgStateEvent).ToArray();
                if (stateEvents.Length > 0)
                {
                    streams.PublishBatchOn(OrgEventStreams.StateFor(orgId), stateEvents, stateEvents[0].Kind, logger);
                }
            }

            start = end;
        }
    }

    /// <summary>Publishes <paramref name="item"/> on <paramref name="stream"/>, the same way: without waiting, never failing.</summary>
    private static void PublishOn<T>(this IStreamProvider streams, StreamId stream, T item, string what, ILogger logger)
    {
        Task sent;
        try
        {
            sent = streams.GetStream<T>(stream).OnNextAsync(item);
        }
        catch (Exception e)
        {
            LogNotPublished(logger, e, what, stream.ToString());
            return;
        }

        Observe(sent, what, stream, logger);
    }

    /// <summary>Publishes <paramref name="items"/> on <paramref name="stream"/> as one message, in their order, the same way.</summary>
    private static void PublishBatchOn<T>(this IStreamProvider streams, StreamId stream, IReadOnlyList<T> items, string what, ILogger logger)
    {
        Task sent;
        try
        {
            sent = streams.GetStream<T>(stream).OnNextBatchAsync(items);
        }
        catch (Exception e)
        {
            LogNotPublished(logger, e, what, stream.ToString());
            return;
        }

        Observe(sent, what, stream, logger);
    }

    private static void Observe(Task sent, string what, StreamId stream, ILogger logger)
    {
        if (!sent.IsCompletedSuccessfully)
        {
            _ = ObserveAsync(sent, what, stream, logger);
        }
    }

    private static async Task ObserveAsync(Task sent, string what, StreamId stream, ILogger logger)
    {
        try
        {
            await sent;
        }
        catch (Exception e)
        {
            LogNotPublished(logger, e, what, stream.ToString());
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A {EventKind} event on stream {Stream} was not published; its subscribers catch up from state")]
    private static partial void LogNotPublished(ILogger logger, Exception exception, string eventKind, string stream);
}

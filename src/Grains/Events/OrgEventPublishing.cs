using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Streams;

namespace GameOps.Grains.Events;

/// <summary>
/// Publishes a grain's change on its org's stream. An event only notifies (the change is already in the grain's
/// state), so publishing never waits for the stream nor fails the change: a lost event is logged and left to the
/// subscribers, which re-read state.
/// </summary>
internal static partial class OrgEventPublishing
{
    public static void Publish(this Grain grain, OrgEvent orgEvent, ILogger logger)
    {
        if (orgEvent.OrgId.Length == 0)
        {
            return;
        }

        grain.PublishOn(OrgEventStreams.For(orgEvent.OrgId), orgEvent, orgEvent.Kind, logger);

        // A second publish for the org's own grains, so that the org's other events (chat, jobs, audit, …) never wake
        // them; the first stream keeps every event in one order for SSE clients (docs/adr/0016).
        if (orgEvent is IOrgStateEvent)
        {
            grain.PublishOn(OrgEventStreams.StateFor(orgEvent.OrgId), orgEvent, orgEvent.Kind, logger);
        }
    }

    /// <summary>Publishes <paramref name="item"/> on <paramref name="stream"/> of the events' provider, the same way: without waiting, never failing.</summary>
    public static void PublishOn<T>(this Grain grain, StreamId stream, T item, string what, ILogger logger)
    {
        Task sent;
        try
        {
            sent = grain.GetStreamProvider(OrgEventStreams.ProviderName).GetStream<T>(stream).OnNextAsync(item);
        }
        catch (Exception e)
        {
            LogNotPublished(logger, e, what, stream.ToString());
            return;
        }

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

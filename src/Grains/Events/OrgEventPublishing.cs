using Microsoft.Extensions.Logging;
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

        Task sent;
        try
        {
            sent = grain.GetStreamProvider(OrgEventStreams.ProviderName)
                .GetStream<OrgEvent>(OrgEventStreams.For(orgEvent.OrgId))
                .OnNextAsync(orgEvent);
        }
        catch (Exception e)
        {
            LogNotPublished(logger, e, orgEvent.Kind, orgEvent.OrgId);
            return;
        }

        if (!sent.IsCompletedSuccessfully)
        {
            _ = ObserveAsync(sent, orgEvent, logger);
        }
    }

    private static async Task ObserveAsync(Task sent, OrgEvent orgEvent, ILogger logger)
    {
        try
        {
            await sent;
        }
        catch (Exception e)
        {
            LogNotPublished(logger, e, orgEvent.Kind, orgEvent.OrgId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A {EventKind} event of org {OrgId} was not published; its subscribers catch up from state")]
    private static partial void LogNotPublished(ILogger logger, Exception exception, string eventKind, string orgId);
}

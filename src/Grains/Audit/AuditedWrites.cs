using GameOps.Grains.Events;
using Microsoft.Extensions.Logging;

namespace GameOps.Grains.Audit;

/// <summary>Writes a grain's change together with its audit entry, then tells the org the entry is stored.</summary>
internal static partial class AuditedWrites
{
    /// <summary>
    /// Runs <paramref name="write"/> (the grain's own state write) with <paramref name="entry"/> attached. When it
    /// fails the change is refused: the state goes back to what is stored and the activation is dropped, so neither
    /// the caller nor a later write (a deactivation's) sees the change without its entry. Storage that cannot be read
    /// either leaves the entry attached, so whatever writes this state next writes both or neither.
    /// </summary>
    /// <param name="changed">
    /// The grain's own event for the change, made once it is stored; published after the entries' events in the same
    /// stream message, so a change and its entries cost one publish.
    /// </param>
    public static Task WriteAuditedAsync<TState>(
        this Grain grain, IPersistentState<TState> state, AuditEntry entry, Func<Task> write, ILogger logger, Func<OrgEvent>? changed = null)
        where TState : IAuditedState =>
        grain.WriteAuditedAsync(state, [entry], write, logger, changed);

    /// <summary>As above, with several entries stored in the one write (a change that is in an org's log and the platform's).</summary>
    public static async Task WriteAuditedAsync<TState>(
        this Grain grain, IPersistentState<TState> state, IReadOnlyList<AuditEntry> entries, Func<Task> write, ILogger logger,
        Func<OrgEvent>? changed = null)
        where TState : IAuditedState =>
        grain.Publish(await grain.WriteAuditedUnpublishedAsync(state, entries, write, logger, changed), logger);

    /// <summary>
    /// As above, but answers the events for the grain to publish, in their order, rather than publishing them: for a
    /// grain that sends them with others in one stream message.
    /// </summary>
    public static async Task<List<OrgEvent>> WriteAuditedUnpublishedAsync<TState>(
        this Grain grain, IPersistentState<TState> state, IReadOnlyList<AuditEntry> entries, Func<Task> write, ILogger logger,
        Func<OrgEvent>? changed = null)
        where TState : IAuditedState
    {
        state.State.UnwrittenAudit.AddRange(entries);
        try
        {
            await write();
        }
        catch
        {
            grain.DeactivateOnIdle();
            try
            {
                await state.ReadStateAsync();
            }
            catch (Exception readFailure)
            {
                LogNotReread(logger, readFailure);
            }

            throw;
        }

        state.State.UnwrittenAudit.Clear();

        // The platform's log has no org stream: nobody watches it live, and an event there would wake grains for no org.
        var events = new List<OrgEvent>(entries.Count + 1);
        foreach (var entry in entries.Where(e => e.OrgId != AuditEntries.PlatformLog))
        {
            events.Add(new AuditEntryWritten(entry.OrgId, entry.At, null, entry.Actor, entry.Id.ToString("D"), entry.Via, entry.Target, entry.Summary));
        }

        if (changed is not null)
        {
            events.Add(changed());
        }

        return events;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The state was not read again after a refused change; the activation is dropped")]
    private static partial void LogNotReread(ILogger logger, Exception exception);
}

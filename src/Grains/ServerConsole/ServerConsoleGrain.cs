using System.Collections.Immutable;
using GameOps.Grains.Events;
using GameOps.Grains.Observability;
using GameOps.Grains.Players;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GameOps.Grains.ServerConsole;

/// <summary>
/// A game server's console, apart from its <see cref="GameServers.GameServerGrain"/>: lines arrive ten times a second
/// from a busy server, and each batch is one small write of the highest number stored, which neither rewrites the
/// server's own state nor waits behind its health and policy calls. The lines themselves are held in memory
/// (<see cref="ConsoleRing"/>); they are lost with the activation, not stored twice.
/// </summary>
public sealed partial class ServerConsoleGrain(
    [PersistentState("console", StorageNames.GameOps)] IPersistentState<ServerConsoleState> state,
    IOptions<ConsoleOptions> options,
    GameOpsMetrics metrics,
    ILogger<ServerConsoleGrain> logger)
    : Grain, IServerConsoleGrain
{
    // The in-memory stream provider refuses an event over about a megabyte; appends that joined several batches can be larger.
    private const int MaxPublishedChars = 128 * 1024;

    private readonly ConsoleRing _ring = new(options.Value.RingLines);

    public async Task<ulong> AppendAsync(string orgId, string kind, ImmutableArray<ConsoleLine> lines)
    {
        var last = state.State.LastSequence;
        var stored = ImmutableArray.CreateBuilder<ConsoleLine>(lines.Length);
        foreach (var line in lines)
        {
            if (line.Sequence <= last)
            {
                continue; // sent again after a reconnect: stored already
            }

            // A gap marker resent with more dropped lines after its first copy was stored counts only the new ones.
            stored.Add(line.IsGap && line.Dropped > line.Sequence - last ? line with { Dropped = line.Sequence - last } : line);
            last = line.Sequence;
        }

        if (stored.Count == 0)
        {
            return last;
        }

        // Durable before it is acknowledged: after a crash the agent resends what follows, never what came before.
        var (storedBefore, orgBefore) = (state.State.LastSequence, state.State.OrgId);
        state.State.LastSequence = last;
        state.State.OrgId = orgId;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Not stored, so not a duplicate when it is sent again.
            (state.State.LastSequence, state.State.OrgId) = (storedBefore, orgBefore);
            throw;
        }

        metrics.ConsoleWritten();

        var added = stored.ToImmutable();
        _ring.Add(added);
        foreach (var part in ConsoleBatchParts.Split(added, MaxPublishedChars))
        {
            this.PublishOn(ConsoleStreams.For(this.GetPrimaryKeyString()), new ConsoleBatch(this.GetPrimaryKeyString(), part), "console lines", logger);
        }

        await OnStoredAsync(orgId, kind, added);
        return last;
    }

    public Task<ConsoleBacklog> ReadAsync(ulong after)
    {
        var lines = _ring.After(after);

        // A gap marker stands for the numbers up to its own: those were told, not missed.
        var firstTold = lines.IsEmpty ? state.State.LastSequence + 1 : lines[0].Sequence - (lines[0].IsGap ? lines[0].Dropped - 1 : 0);
        var missed = firstTold > after + 1 ? firstTold - after - 1 : 0;
        return Task.FromResult(new ConsoleBacklog(lines, state.State.LastSequence, missed));
    }

    /// <summary>
    /// Every line stored arrives here once, in order: the one place where whatever reads meaning into lines hooks in.
    /// Player events go to the server's players grain (docs/adr/0023); lines read no further when that fails, since
    /// they are stored, and its next probe repairs what they would have told.
    /// </summary>
    private async Task OnStoredAsync(string orgId, string kind, ImmutableArray<ConsoleLine> lines)
    {
        if (GameLogParsers.For(kind) is not { } parser)
        {
            return;
        }

        ImmutableArray<GameEvent>.Builder? events = null;
        foreach (var line in lines)
        {
            if (!line.IsGap && parser.Parse(line.Text) is { } parsed)
            {
                (events ??= ImmutableArray.CreateBuilder<GameEvent>()).Add(parsed with { Sequence = line.Sequence, At = line.ReadAt });
            }
        }

        if (events is null)
        {
            return;
        }

        try
        {
            await GrainFactory.GetGrain<IServerPlayersGrain>(this.GetPrimaryKeyString()).ApplyAsync(orgId, kind, events.ToImmutable());
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogEventsNotApplied(logger, e, this.GetPrimaryKeyString(), events.Count);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} player events of server {ServerKey} were not applied; its next players probe repairs the list")]
    private static partial void LogEventsNotApplied(ILogger logger, Exception exception, string serverKey, int count);
}

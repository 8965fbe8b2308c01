using System.Collections.Immutable;
using GameOps.Grains.Events;
using GameOps.Grains.GameServers;
using GameOps.Grains.Observability;
using GameOps.Grains.Players;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GameOps.Grains.ServerConsole;

/// <summary>
/// The consoles of a host's game servers, apart from their <see cref="GameServerGrain"/>s: lines arrive ten times a
/// second from each busy server, and what arrives together is one small write of the highest numbers stored, whichever
/// servers it came from, which neither rewrites a server's own state nor waits behind its health and policy calls
/// (docs/adr/0021, 0028). The lines themselves are held in memory (<see cref="ConsoleRing"/>, one per server); they are
/// lost with the activation, not stored twice. They are published only for servers some silo's viewers watch.
/// </summary>
public sealed partial class HostConsoleGrain(
    [PersistentState("console", StorageNames.GameOps)] IPersistentState<HostConsoleState> state,
    IOptions<ConsoleOptions> options,
    IDomainClock clock,
    GameOpsMetrics metrics,
    ILogger<HostConsoleGrain> logger)
    : Grain, IHostConsoleGrain
{
    // The in-memory stream provider refuses an event over about a megabyte; appends that joined several batches can be larger.
    private const int MaxPublishedChars = 128 * 1024;

    private readonly Dictionary<string, ConsoleRing> _rings = new(StringComparer.Ordinal);

    // Per server, until when a silo's viewers watch it. In memory: a new activation learns it again from the silos'
    // renewals, and until then its lines are held for the viewers' catch-up rather than published.
    private readonly Dictionary<string, DateTimeOffset> _watchedUntil = new(StringComparer.Ordinal);

    private string HostId => this.GetPrimaryKeyString();

    public async Task<ImmutableDictionary<string, ulong>> AppendAsync(string orgId, ImmutableArray<ServerLines> batches)
    {
        // The stored numbers are replaced, never changed in place, so the current ones serve as what to restore.
        var lastBefore = state.State.LastSequence;
        var last = new Dictionary<string, ulong>(lastBefore, StringComparer.Ordinal);
        var stored = new List<ServerLines>(batches.Length);
        foreach (var batch in batches)
        {
            var serverLast = last.GetValueOrDefault(batch.ServerId);
            var added = ImmutableArray.CreateBuilder<ConsoleLine>(batch.Lines.Length);
            foreach (var line in batch.Lines)
            {
                if (line.Sequence <= serverLast)
                {
                    continue; // sent again after a reconnect: stored already
                }

                // A gap marker resent with more dropped lines after its first copy was stored counts only the new ones.
                added.Add(line.IsGap && line.Dropped > line.Sequence - serverLast ? line with { Dropped = line.Sequence - serverLast } : line);
                serverLast = line.Sequence;
            }

            last[batch.ServerId] = serverLast;
            if (added.Count > 0)
            {
                stored.Add(batch with { Lines = added.ToImmutable() });
            }
        }

        if (stored.Count > 0)
        {
            // Durable before it is acknowledged: after a crash the agent resends what follows, never what came before.
            var orgBefore = state.State.OrgId;
            state.State.LastSequence = last;
            state.State.OrgId = orgId;
            try
            {
                await state.WriteStateAsync();
            }
            catch
            {
                // Not stored, so not a duplicate when it is sent again.
                (state.State.LastSequence, state.State.OrgId) = (lastBefore, orgBefore);
                throw;
            }

            metrics.ConsoleWritten();
            foreach (var lines in stored)
            {
                await OnStoredAsync(orgId, lines);
            }
        }

        return batches.Select(b => b.ServerId).Distinct(StringComparer.Ordinal).ToImmutableDictionary(id => id, id => last[id], StringComparer.Ordinal);
    }

    public Task WatchAsync(string serverId, TimeSpan lease)
    {
        var until = clock.UtcNow + lease;
        if (!_watchedUntil.TryGetValue(serverId, out var current) || current < until)
        {
            _watchedUntil[serverId] = until;
        }

        // An idle console with viewers keeps its ring and its watchers rather than being collected between two lines.
        DelayDeactivation(lease);
        return Task.CompletedTask;
    }

    public Task<ConsoleBacklog> ReadAsync(string serverId, ulong after)
    {
        var lastSequence = state.State.LastSequence.GetValueOrDefault(serverId);
        var lines = _rings.TryGetValue(serverId, out var ring) ? ring.After(after) : [];

        // A gap marker stands for the numbers up to its own: those were told, not missed.
        var firstTold = lines.IsEmpty ? lastSequence + 1 : lines[0].Sequence - (lines[0].IsGap ? lines[0].Dropped - 1 : 0);
        var missed = firstTold > after + 1 ? firstTold - after - 1 : 0;
        return Task.FromResult(new ConsoleBacklog(lines, lastSequence, missed));
    }

    /// <summary>
    /// Every line stored arrives here once, in order: held for viewers, published on its server's console stream, and
    /// read for meaning. Player events go to the server's players grain (docs/adr/0023); lines read no further when
    /// that fails, since they are stored, and its next probe repairs what they would have told.
    /// </summary>
    private async Task OnStoredAsync(string orgId, ServerLines stored)
    {
        var serverKey = GameServerKeys.For(HostId, stored.ServerId);
        if (!_rings.TryGetValue(stored.ServerId, out var ring))
        {
            _rings.Add(stored.ServerId, ring = new ConsoleRing(options.Value.RingLines));
        }

        ring.Add(stored.Lines);

        // A stream event costs a queue call, a copy and a delivery even when no silo subscribes: most consoles have no viewer.
        if (_watchedUntil.TryGetValue(stored.ServerId, out var until) && until > clock.UtcNow)
        {
            foreach (var part in ConsoleBatchParts.Split(stored.Lines, MaxPublishedChars))
            {
                this.PublishOn(ConsoleStreams.For(serverKey), new ConsoleBatch(serverKey, part), "console lines", logger);
                metrics.ConsolePublished();
            }
        }

        if (GameLogParsers.For(stored.Kind) is not { } parser)
        {
            return;
        }

        ImmutableArray<GameEvent>.Builder? events = null;
        foreach (var line in stored.Lines)
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
            await GrainFactory.GetGrain<IServerPlayersGrain>(serverKey).ApplyAsync(orgId, stored.Kind, events.ToImmutable());
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogEventsNotApplied(logger, e, serverKey, events.Count);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} player events of server {ServerKey} were not applied; its next players probe repairs the list")]
    private static partial void LogEventsNotApplied(ILogger logger, Exception exception, string serverKey, int count);
}

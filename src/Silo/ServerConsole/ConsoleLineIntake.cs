using System.Collections.Immutable;
using System.Runtime.InteropServices;
using GameOps.Grains.Events;
using GameOps.Grains.GameServers;
using GameOps.Grains.Observability;
using GameOps.Grains.Players;
using GameOps.Grains.ServerConsole;

namespace GameOps.Silo.ServerConsole;

/// <summary>
/// Where the console lines of the agents connected to this silo come in, without a grain call per batch (docs/adr/0032):
/// each host's stream stores its new lines through this silo's <see cref="ConsoleLineWriter"/>, then they are published
/// on the console stream of each server some silo's viewers watch, and read for player events. An agent is connected to
/// one silo at a time, so the silo it is connected to is the one that knows its servers' watches
/// (<see cref="Watch"/>, told through the host grain).
/// </summary>
public sealed partial class ConsoleLineIntake(
    IConsoleLineStore store, ConsoleLineWriter writer, ConsoleChatPublisher chat, IClusterClient client, IGrainFactory grains, GameOpsMetrics metrics,
    TimeProvider time, ILogger<ConsoleLineIntake> logger)
{
    private readonly IConsoleLineStore _store = store;
    private readonly ConsoleLineWriter _writer = writer;
    private readonly GameOpsMetrics _metrics = metrics;

    // The in-memory stream provider refuses an event over about a megabyte; appends that joined several batches can be larger.
    private const int MaxPublishedChars = 128 * 1024;

    private readonly Lock _gate = new();

    // Per server key: until when a silo's viewers watch it, and the last batch of it stored here.
    private readonly Dictionary<string, ServerWatch> _servers = new(StringComparer.Ordinal);

    /// <summary>The console of one host's stream: what it stores, it stores after the numbers stored before.</summary>
    public HostConsole ForHost(string hostId, string orgId) => new(this, hostId, orgId);

    /// <summary>
    /// A silo's viewers watch the server <paramref name="serverKey"/>: its lines stored here are published for
    /// <paramref name="lease"/> from now. When it was not watched, its last stored batch is published at once: a
    /// line stored after the new viewer read the held lines but before this watch arrived would otherwise wait for the
    /// next one (the viewer catches up from the held lines when a batch shows it a hole).
    /// </summary>
    public void Watch(string serverKey, TimeSpan lease)
    {
        ConsoleBatch? republish;
        lock (_gate)
        {
            var server = Server(serverKey);
            var now = time.GetUtcNow();
            republish = server.WatchedUntil > now ? null : server.LastStored;
            if (server.WatchedUntil < now + lease)
            {
                server.WatchedUntil = now + lease;
            }
        }

        if (republish is not null)
        {
            Publish(republish);
        }
    }

    private ServerWatch Server(string serverKey)
    {
        if (!_servers.TryGetValue(serverKey, out var server))
        {
            _servers.Add(serverKey, server = new ServerWatch());
        }

        return server;
    }

    private async Task OnStoredAsync(string hostId, string serverKey, string orgId, ServerLines stored)
    {
        var batch = new ConsoleBatch(serverKey, stored.Lines);
        bool watched;
        lock (_gate)
        {
            var server = Server(serverKey);
            server.LastStored = batch;
            watched = server.WatchedUntil > time.GetUtcNow();
        }

        // A stream event costs a queue call, a copy and a delivery even when no silo subscribes: most consoles have no viewer.
        if (watched)
        {
            Publish(batch);
        }

        var events = GameLogParsers.EventsOf(stored.Kind, stored.Lines);
        if (events.IsEmpty)
        {
            return;
        }

        // Chat is most of what a busy server's lines tell, and a chat line names its player by itself but where the name
        // may hold the game's separator: such lines are published from here, without a call to the server's players grain,
        // which keeps the list of who is online (docs/adr/0046), together with the chat of the write's other hosts (0047).
        if (TellsOnlyChat(stored.Kind, events))
        {
            chat.Publish(orgId, hostId, stored.ServerId, events);
            return;
        }

        // Lines read no further when this fails, since they are stored; the server's next players probe repairs what they told.
        try
        {
            // The grain publishes before it returns: chat read before these lines goes first.
            chat.PublishReadSoFar();
            await grains.GetGrain<IServerPlayersGrain>(serverKey).ApplyAsync(orgId, stored.Kind, events);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogEventsNotApplied(logger, e, serverKey, events.Length);
        }
    }

    private static bool TellsOnlyChat(string kind, ImmutableArray<GameEvent> events)
    {
        var parser = GameLogParsers.For(kind)!;
        foreach (var e in events)
        {
            if (e.Kind != GameEventKind.Chat || parser.MayNeedKnownName(e))
            {
                return false;
            }
        }

        return true;
    }

    private void Publish(ConsoleBatch batch)
    {
        var stream = client.GetStreamProvider(OrgEventStreams.ProviderName).GetStream<ConsoleBatch>(ConsoleStreams.For(batch.ServerKey));
        foreach (var part in ConsoleBatchParts.Split(batch.Lines, MaxPublishedChars))
        {
            _metrics.ConsolePublished();
            Task sent;
            try
            {
                sent = stream.OnNextAsync(part == batch.Lines ? batch : batch with { Lines = part });
            }
            catch (Exception e)
            {
                LogNotPublished(logger, e, batch.ServerKey);
                continue;
            }

            _ = LogIfNotPublishedAsync(sent, batch.ServerKey);
        }
    }

    // Viewers catch up from the stored lines when a batch is lost: a failed publish is logged, never awaited.
    private async Task LogIfNotPublishedAsync(Task sent, string serverKey)
    {
        try
        {
            await sent;
        }
        catch (Exception e)
        {
            LogNotPublished(logger, e, serverKey);
        }
    }

    private void Forget(string hostId, IEnumerable<string> serverIds)
    {
        lock (_gate)
        {
            foreach (var serverId in serverIds)
            {
                var key = GameServerKeys.For(hostId, serverId);
                if (_servers.TryGetValue(key, out var server))
                {
                    server.LastStored = null;
                    if (server.WatchedUntil <= time.GetUtcNow())
                    {
                        _servers.Remove(key);
                    }
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} player events of server {ServerKey} were not applied; its next players probe repairs the list")]
    private static partial void LogEventsNotApplied(ILogger logger, Exception exception, string serverKey, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Console lines of server {ServerKey} were not published; its viewers catch up from the stored lines")]
    private static partial void LogNotPublished(ILogger logger, Exception? exception, string serverKey);

    private sealed class ServerWatch
    {
        public DateTimeOffset WatchedUntil { get; set; } = DateTimeOffset.MinValue;

        public ConsoleBatch? LastStored { get; set; }
    }

    /// <summary>
    /// The console lines of one host's agent stream. Stores each server's lines numbered above the highest it stored
    /// (others were stored before: sent again after a reconnect), and returns, for each batch given, its server's
    /// highest stored number, which its agent is acknowledged. One append at a time (<c>ConsoleAppendQueue</c> sees to it).
    /// </summary>
    public sealed class HostConsole(ConsoleLineIntake intake, string hostId, string orgId) : IDisposable
    {
        // Per server, the highest number stored and its server key. Read once per stream, at its first append: from here
        // on this stream is what stores the host's lines. Changed only after a write succeeded.
        private Dictionary<string, StoredServer>? _servers;

        public async Task<ImmutableArray<ulong>> AppendAsync(ImmutableArray<ServerLines> batches)
        {
            var servers = _servers ??= await ReadStoredAsync();

            // Most appends are one batch whose every line is new: it is stored as it came, without a copy.
            ServerLines[]? stored = null;
            var count = 0;
            var asGiven = true;
            for (var i = 0; i < batches.Length; i++)
            {
                var batch = batches[i];

                // A server's lines come as one entry of an append; should one come twice, the second follows the first.
                var serverLast = servers.TryGetValue(batch.ServerId, out var server) ? server.Last : 0;
                for (var j = 0; j < count; j++)
                {
                    if (stored![j].ServerId == batch.ServerId)
                    {
                        serverLast = stored[j].Lines[^1].Sequence;
                    }
                }

                var added = New(batch.Lines, serverLast);
                if (added.IsEmpty)
                {
                    asGiven = false;
                    continue;
                }

                asGiven &= added == batch.Lines;
                (stored ??= new ServerLines[batches.Length])[count++] = added == batch.Lines ? batch : batch with { Lines = added };
            }

            if (count > 0)
            {
                intake._metrics.ConsoleAppendCalled();

                // Durable before it is acknowledged: after a crash the agent resends what follows, never what came before.
                await intake._writer.StoreAsync(new HostLines(hostId, asGiven ? batches : ImmutableArray.Create(stored!, 0, count)));
                for (var i = 0; i < count; i++)
                {
                    var lines = stored![i];
                    if (!servers.TryGetValue(lines.ServerId, out var server))
                    {
                        servers.Add(lines.ServerId, server = new StoredServer(GameServerKeys.For(hostId, lines.ServerId)));
                    }

                    server.Last = lines.Lines[^1].Sequence;
                }

                for (var i = 0; i < count; i++)
                {
                    await intake.OnStoredAsync(hostId, servers[stored![i].ServerId].Key, orgId, stored[i]);
                }
            }

            var acknowledged = new ulong[batches.Length];
            for (var i = 0; i < batches.Length; i++)
            {
                acknowledged[i] = servers.TryGetValue(batches[i].ServerId, out var server) ? server.Last : 0;
            }

            return ImmutableCollectionsMarshal.AsImmutableArray(acknowledged);
        }

        private async Task<Dictionary<string, StoredServer>> ReadStoredAsync()
        {
            var servers = new Dictionary<string, StoredServer>(StringComparer.Ordinal);
            foreach (var (serverId, last) in await intake._store.LastSequencesAsync(hostId))
            {
                servers.Add(serverId, new StoredServer(GameServerKeys.For(hostId, serverId)) { Last = last });
            }

            return servers;
        }

        // The lines numbered above what is stored; a gap marker resent with more dropped lines after its first copy was
        // stored counts only the new ones.
        private static ImmutableArray<ConsoleLine> New(ImmutableArray<ConsoleLine> lines, ulong stored)
        {
            if (lines.IsEmpty || lines[0].Sequence > stored && !(lines[0].IsGap && lines[0].Dropped > lines[0].Sequence - stored))
            {
                return lines;
            }

            var added = ImmutableArray.CreateBuilder<ConsoleLine>(lines.Length);
            foreach (var line in lines)
            {
                if (line.Sequence <= stored)
                {
                    continue; // sent again after a reconnect: stored already
                }

                added.Add(line.IsGap && line.Dropped > line.Sequence - stored ? line with { Dropped = line.Sequence - stored } : line);
                stored = line.Sequence;
            }

            return added.DrainToImmutable();
        }

        /// <summary>The stream ended: the servers' last batches are not kept for a republish any longer.</summary>
        public void Dispose() => intake.Forget(hostId, _servers?.Keys ?? Enumerable.Empty<string>());

        private sealed class StoredServer(string key)
        {
            /// <summary>The server's key (<see cref="GameServerKeys.For"/>), made once per stream rather than once per append.</summary>
            public string Key { get; } = key;

            public ulong Last { get; set; }
        }
    }
}

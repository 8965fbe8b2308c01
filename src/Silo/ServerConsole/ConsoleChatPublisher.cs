using System.Collections.Immutable;
using GameOps.Grains.Events;
using GameOps.Grains.Players;

namespace GameOps.Silo.ServerConsole;

/// <summary>
/// Publishes the chat lines the console intake reads without the players grain (docs/adr/0046) on the org's events,
/// one stream message per org and console write rather than one per host's append (docs/adr/0047): those read while
/// the hosts of a committed write go on, on the writer's thread, wait until they all have; any other goes out at once.
/// A host has one append in a write, and its next one is not stored before the write after, so a server's chat still
/// reaches the stream before whatever its later lines tell.
/// </summary>
/// <param name="publish">Sends the events of one org, in order, as one message.</param>
/// <param name="maxCharsPerMessage">About the most chat text one message carries: the in-memory stream refuses an event over about a megabyte.</param>
public sealed partial class ConsoleChatPublisher
{
    private readonly ConsoleLineWriter _writer;
    private readonly Action<IReadOnlyList<OrgEvent>> _publish;
    private readonly ILogger _logger;
    private readonly int _maxCharsPerMessage;

    // Per org, what the hosts of the write under way read; touched only on the writer's thread.
    private readonly Dictionary<string, Gathered> _orgs = new(StringComparer.Ordinal);
    private readonly List<Gathered> _waiting = [];

    public ConsoleChatPublisher(
        ConsoleLineWriter writer, Action<IReadOnlyList<OrgEvent>> publish, ILogger<ConsoleChatPublisher> logger, int maxCharsPerMessage = 128 * 1024)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCharsPerMessage);
        _writer = writer;
        _publish = publish;
        _logger = logger;
        _maxCharsPerMessage = maxCharsPerMessage;
        writer.HostsContinued += PublishWaiting;
    }

    /// <summary>Publishes the chat lines <paramref name="chat"/> of server <paramref name="serverId"/> of host <paramref name="hostId"/>.</summary>
    public void Publish(string orgId, string hostId, string serverId, ImmutableArray<GameEvent> chat)
    {
        if (chat.IsEmpty)
        {
            return;
        }

        if (!_writer.IsContinuingHosts)
        {
            var now = new Gathered(orgId);
            Add(now, hostId, serverId, chat);
            Send(now);
            return;
        }

        if (!_orgs.TryGetValue(orgId, out var gathered))
        {
            _orgs.Add(orgId, gathered = new Gathered(orgId));
        }

        if (gathered.Events.Count == 0)
        {
            _waiting.Add(gathered);
        }

        Add(gathered, hostId, serverId, chat);
    }

    /// <summary>
    /// Publishes the chat the write's hosts read so far, before something that must follow it: a players grain that
    /// publishes what a later part of the same append tells. Does nothing off the writer's thread, where nothing waits.
    /// </summary>
    public void PublishReadSoFar()
    {
        if (_writer.IsContinuingHosts)
        {
            PublishWaiting();
        }
    }

    private void Add(Gathered gathered, string hostId, string serverId, ImmutableArray<GameEvent> chat)
    {
        foreach (var line in chat)
        {
            var chars = line.PlayerName.Length + (line.Text?.Length ?? 0);
            if (gathered.Events.Count > 0 && gathered.Chars + chars > _maxCharsPerMessage)
            {
                Send(gathered);
            }

            gathered.Events.Add(PlayerChatted.Of(gathered.OrgId, hostId, serverId, line));
            gathered.Chars += chars;
        }
    }

    private void PublishWaiting()
    {
        foreach (var gathered in _waiting)
        {
            Send(gathered);
        }

        _waiting.Clear();
    }

    // The stream may hold on to what it is given, so each message is a copy and the list is kept for the next write.
    // Never throws: on the writer's thread a throw would end its loop, and no line would be stored after it.
    private void Send(Gathered gathered)
    {
        try
        {
            _publish(gathered.Events.ToArray());
        }
        catch (Exception e)
        {
            LogNotPublished(_logger, e, gathered.Events.Count, gathered.OrgId);
        }
        finally
        {
            gathered.Events.Clear();
            gathered.Chars = 0;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} chat events of org {OrgId} were not published")]
    private static partial void LogNotPublished(ILogger logger, Exception exception, int count, string orgId);

    private sealed class Gathered(string orgId)
    {
        public string OrgId { get; } = orgId;

        public List<OrgEvent> Events { get; } = [];

        public int Chars { get; set; }
    }
}

using System.Text;
using System.Text.Json;
using GameOps.Grains.Events;

namespace GameOps.Silo.Events;

/// <summary>An event and its Server-Sent Events message, encoded once for every client of the silo that receives it.</summary>
public sealed class EventFrame
{
    private readonly int _clients;
    private int _unwritten;

    private EventFrame(OrgEvent orgEvent, byte[] bytes, int clients)
    {
        Event = orgEvent;
        Bytes = bytes;
        _clients = clients;
        _unwritten = clients;
    }

    public OrgEvent Event { get; }

    public byte[] Bytes { get; }

    /// <param name="clients">How many clients the frame is handed to, so their writes can tell the first and the last.</param>
    public static EventFrame For(OrgEvent orgEvent, JsonSerializerOptions json, int clients) =>
        // Serialized as the event's own type, on one line: an SSE data field ends at a line break.
        new(orgEvent, Encode(orgEvent.Kind, JsonSerializer.Serialize(orgEvent, orgEvent.GetType(), json)), clients);

    /// <summary>The message that tells a slow client how many events it lost.</summary>
    public static byte[] Gap(int dropped, JsonSerializerOptions json) =>
        Encode(EventGap.Kind, JsonSerializer.Serialize(new EventGap(dropped), json));

    /// <summary>Counts one client's write of the frame: whether it was the first of the frame's clients, and whether the last.</summary>
    public (bool First, bool Last) CountWritten()
    {
        var left = Interlocked.Decrement(ref _unwritten);
        return (left == _clients - 1, left == 0);
    }

    private static byte[] Encode(string kind, string data) => Encoding.UTF8.GetBytes($"event: {kind}\ndata: {data}\n\n");
}

using System.Text;
using System.Text.Json;
using GameOps.Grains.Events;

namespace GameOps.Silo.Events;

/// <summary>An event and its Server-Sent Events message, encoded once for every client of the silo that receives it.</summary>
public sealed record EventFrame(OrgEvent Event, byte[] Bytes)
{
    public static EventFrame For(OrgEvent orgEvent, JsonSerializerOptions json) =>
        // Serialized as the event's own type, on one line: an SSE data field ends at a line break.
        new(orgEvent, Encode(orgEvent.Kind, JsonSerializer.Serialize(orgEvent, orgEvent.GetType(), json)));

    /// <summary>The message that tells a slow client how many events it lost.</summary>
    public static byte[] Gap(int dropped, JsonSerializerOptions json) =>
        Encode(EventGap.Kind, JsonSerializer.Serialize(new EventGap(dropped), json));

    private static byte[] Encode(string kind, string data) => Encoding.UTF8.GetBytes($"event: {kind}\ndata: {data}\n\n");
}

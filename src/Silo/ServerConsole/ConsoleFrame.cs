using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using GameOps.Grains.ServerConsole;

namespace GameOps.Silo.ServerConsole;

/// <summary>
/// One console line and its Server-Sent Events message, encoded once for every client of the silo that receives it.
/// <paramref name="FirstTold"/> is the lowest number the message accounts for: the line's own, or for a gap marker the
/// first of the lines it stands for, so a client that was sent everything below it has no hole.
/// </summary>
public sealed record ConsoleFrame(ulong Sequence, ulong FirstTold, byte[] Bytes)
{
    /// <summary>The event type of a line.</summary>
    public const string LineEvent = "line";

    /// <summary>The event type of a gap marker: lines the agent dropped before it could send them.</summary>
    public const string GapEvent = "gap";

    /// <summary>The event type that tells a client lines it asked for are no longer held.</summary>
    public const string MissedEvent = "missed";

    public static ImmutableArray<ConsoleFrame> For(ImmutableArray<ConsoleLine> lines, JsonSerializerOptions json) =>
        [.. lines.Select(line => For(line, json))];

    public static ConsoleFrame For(ConsoleLine line, JsonSerializerOptions json) => new(
        line.Sequence,
        line.FirstTold,
        line.IsGap
            ? Encode(line.Sequence, GapEvent, JsonSerializer.Serialize(new ConsoleGapEvent(line.Sequence, line.ReadAt, line.Dropped), json))
            : Encode(line.Sequence, LineEvent, JsonSerializer.Serialize(new ConsoleLineEvent(line.Sequence, line.ReadAt, line.Text, line.Cut), json)));

    /// <summary>The message that tells a client how many lines after its <c>Last-Event-ID</c> are no longer held.</summary>
    public static byte[] Missed(ulong count, JsonSerializerOptions json) =>
        Encoding.UTF8.GetBytes($"event: {MissedEvent}\ndata: {JsonSerializer.Serialize(new ConsoleMissedEvent(count), json)}\n\n");

    private static byte[] Encode(ulong sequence, string kind, string data) =>
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"id: {sequence}\nevent: {kind}\ndata: {data}\n\n"));
}

namespace GameOps.EdgeAgent.Adapters.SourceRcon;

/// <summary>
/// How a <see cref="SourceRconClient"/> knows that a command's answer is complete. The protocol has no end marker,
/// and each game fills the gap differently, so each game's profile picks one of these.
/// </summary>
public abstract class RconFraming
{
    private protected RconFraming()
    {
    }

    /// <summary>
    /// Valve's workaround (https://developer.valvesoftware.com/wiki/Source_RCON_Protocol#Multiple-packet_Responses):
    /// an empty RESPONSE_VALUE sent right after the command is mirrored back once the whole answer has been sent.
    /// For SRCDS and servers that copy it.
    /// </summary>
    public static RconFraming MirroredEmptyPacket { get; } = new MirroredEmptyPacketFraming();

    /// <summary>
    /// Minecraft's way (https://minecraft.wiki/w/RCON, "Fragmentation"): a packet of a type the server does not know is
    /// answered <c>Unknown request &lt;type in hex&gt;</c>, after the whole answer to the command. The marker is sent only
    /// once the first answer packet has arrived, because the Minecraft server drops a connection whose read holds more
    /// than one packet (https://bugs.mojang.com/browse/MC-87863).
    /// </summary>
    public static RconFraming UnknownTypeMarker { get; } = new UnknownTypeMarkerFraming();

    /// <summary>
    /// For games that answer each command with its own packets and nothing after them (Factorio, Palworld, ARK): an
    /// answer packet shorter than the largest packet ends the answer at once; after a full one the client waits for
    /// <paramref name="quietPeriod"/> and takes silence as the end.
    /// </summary>
    public static RconFraming QuietPeriod(TimeSpan quietPeriod)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(quietPeriod, TimeSpan.Zero);
        return new QuietPeriodFraming(quietPeriod);
    }

    /// <summary>Sends <paramref name="command"/> and collects its answer into <paramref name="exchange"/>.</summary>
    internal abstract Task ExchangeAsync(RconExchange exchange, string command, CancellationToken cancellationToken);
}

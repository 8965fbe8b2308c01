namespace GameOps.TestSupport;

/// <summary>Which game's RCON server <see cref="SourceRconTestServer"/> plays.</summary>
public enum RconDialect
{
    /// <summary>
    /// SRCDS, as https://developer.valvesoftware.com/wiki/Source_RCON_Protocol describes it: an empty RESPONSE_VALUE
    /// before the AUTH_RESPONSE, answers split at 4086 body bytes, the empty packet mirrored and followed by 00 01 00 00.
    /// </summary>
    Source,

    /// <summary>
    /// Minecraft (https://minecraft.wiki/w/RCON): one AUTH_RESPONSE, answers split at 4096 body bytes, any type but 2 and 3
    /// answered <c>Unknown request &lt;hex&gt;</c>, one packet per read of at most 1460 bytes, and a read holding more or
    /// less than one packet drops the connection (https://bugs.mojang.com/browse/MC-87863).
    /// </summary>
    Minecraft,

    /// <summary>Palworld: answers carry id 0 instead of the request's id (https://github.com/conqp/rcon/issues/29); the empty packet is ignored.</summary>
    Palworld,

    /// <summary>ARK: an empty answer is sent as <c>Server received, But no response!! \n </c>; the empty packet is ignored.</summary>
    Ark,

    /// <summary>Factorio: the empty packet is ignored (https://github.com/n0la/rcon/pull/6); one answer per command.</summary>
    Factorio,
}

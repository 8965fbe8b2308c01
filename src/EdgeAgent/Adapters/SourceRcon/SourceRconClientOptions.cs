namespace GameOps.EdgeAgent.Adapters.SourceRcon;

/// <summary>Limits for one <see cref="SourceRconClient"/> connection, and how the game it talks to frames its answers.</summary>
public sealed record SourceRconClientOptions
{
    /// <summary>How long connecting and the auth handshake may take together.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long one command may take, from sending it to the last byte of its answer.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The largest joined answer accepted, in bytes; a larger one breaks the connection.</summary>
    public int MaxResponseBytes { get; init; } = 1024 * 1024;

    /// <summary>How the end of an answer is found (Valve's mirrored empty packet by default).</summary>
    public RconFraming Framing { get; init; } = RconFraming.MirroredEmptyPacket;

    /// <summary>
    /// The largest Size field accepted from the server: <see cref="RconPacket.MaxReceivedSize"/>, not the 4096 of Valve's
    /// page, which servers exceed. What the agent sends stays within 4096.
    /// </summary>
    public int MaxPacketSize { get; init; } = RconPacket.MaxReceivedSize;

    /// <summary>The longest command sent, in UTF-8 bytes (Minecraft reads at most 1446).</summary>
    public int MaxCommandBytes { get; init; } = SourceRconClient.MaxCommandBytes;

    /// <summary>Whether answers carry the request's id, as Valve's page says; Palworld answers every command with id 0.</summary>
    public bool AnswersEchoRequestId { get; init; } = true;
}

namespace GameOps.TestSupport;

/// <summary>How <see cref="SourceRconTestServer"/> puts its answer bytes on the wire.</summary>
public enum ServerWriteMode
{
    /// <summary>All packets answering what the client sent, in one write.</summary>
    Coalesced,

    /// <summary>Every byte its own write and flush, so the client sees packets split across many reads.</summary>
    ByteByByte,
}

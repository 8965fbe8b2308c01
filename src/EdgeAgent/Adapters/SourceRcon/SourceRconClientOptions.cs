namespace GameOps.EdgeAgent.Adapters.SourceRcon;

/// <summary>Limits for one <see cref="SourceRconClient"/> connection.</summary>
public sealed record SourceRconClientOptions
{
    /// <summary>How long connecting and the auth handshake may take together.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long one command may take, from sending it to the last byte of its answer.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The largest joined answer accepted, in bytes; a larger one breaks the connection.</summary>
    public int MaxResponseBytes { get; init; } = 1024 * 1024;
}

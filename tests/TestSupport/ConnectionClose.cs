namespace GameOps.TestSupport;

/// <summary>How a test double ends a connection when its game restarts.</summary>
public enum ConnectionClose
{
    /// <summary>An orderly close (FIN), as the kernel sends for a process that exits with nothing unread.</summary>
    Fin,

    /// <summary>A reset (RST), as for a process that exits with bytes still unread, or closes with SO_LINGER 0.</summary>
    Reset,
}

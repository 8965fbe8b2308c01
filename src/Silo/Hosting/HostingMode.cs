namespace GameOps.Silo.Hosting;

public enum HostingMode
{
    /// <summary>One process, localhost clustering, all state in one SQLite file.</summary>
    Embedded,

    /// <summary>Several silos on Redis membership and PostgreSQL state.</summary>
    Cluster,
}

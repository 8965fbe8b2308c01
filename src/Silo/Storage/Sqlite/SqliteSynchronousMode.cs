namespace GameOps.Silo.Storage.Sqlite;

/// <summary>
/// How hard SQLite syncs the write-ahead log to disk (<c>PRAGMA synchronous</c>). The numeric values
/// are SQLite's own codes.
/// </summary>
public enum SqliteSynchronousMode
{
    /// <summary>
    /// Commits are durable once the write-ahead log reaches the disk's cache; a power loss can lose the
    /// most recent commits, never corrupt the file.
    /// </summary>
    Normal = 1,

    /// <summary>Every commit is synced to disk before it is acknowledged (the default).</summary>
    Full = 2,
}

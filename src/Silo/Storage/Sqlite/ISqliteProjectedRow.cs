namespace GameOps.Silo.Storage.Sqlite;

/// <summary>A row prepared by an <see cref="ISqliteStateProjection"/>; written on the writer's session.</summary>
public interface ISqliteProjectedRow
{
    /// <summary>The table written, for the storage's metrics.</summary>
    string Table { get; }

    /// <summary>How many rows <see cref="Write"/> writes, one statement each.</summary>
    int Count { get; }

    /// <summary>The bytes of their serialized payloads.</summary>
    int PayloadBytes { get; }

    /// <summary>Writes the row; throwing rolls the grain's state write back with it.</summary>
    void Write(SqliteSession session);
}

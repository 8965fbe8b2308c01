namespace GameOps.Silo.Storage.Sqlite;

/// <summary>A row prepared by an <see cref="ISqliteStateProjection"/>; written on the writer's session.</summary>
public interface ISqliteProjectedRow
{
    /// <summary>Writes the row; throwing rolls the grain's state write back with it.</summary>
    void Write(SqliteSession session);
}

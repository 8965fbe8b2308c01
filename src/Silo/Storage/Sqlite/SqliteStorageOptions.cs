using System.ComponentModel.DataAnnotations;

namespace GameOps.Silo.Storage.Sqlite;

/// <summary>
/// Settings of the embedded-mode SQLite store (grain state and reminders), bound from
/// <see cref="SectionName"/>.
/// </summary>
public sealed class SqliteStorageOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "GameOps:Storage:Sqlite";

    /// <summary>
    /// The database file. A relative path is resolved against the process's current working
    /// directory; a missing directory is created.
    /// </summary>
    [Required(ErrorMessage = $"{SectionName}:{nameof(DatabasePath)} must name the SQLite database file.")]
    public string DatabasePath { get; set; } = "data/gameops.db";

    /// <summary>How hard commits are synced to disk: <see cref="SqliteSynchronousMode.Full"/> by default.</summary>
    [EnumDataType(typeof(SqliteSynchronousMode), ErrorMessage = $"{SectionName}:{nameof(Synchronous)} must be Full or Normal.")]
    public SqliteSynchronousMode Synchronous { get; set; } = SqliteSynchronousMode.Full;

    /// <summary>How long a connection waits for a lock held by another connection or process before failing.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00", ErrorMessage = $"{SectionName}:{nameof(BusyTimeout)} must be between 00:00:00 and 00:10:00.")]
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);
}

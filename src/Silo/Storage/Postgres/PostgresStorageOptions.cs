using System.ComponentModel.DataAnnotations;

namespace GameOps.Silo.Storage.Postgres;

/// <summary>Settings of cluster mode's PostgreSQL store (grain state, reminders, job history), bound from <see cref="SectionName"/>.</summary>
public sealed class PostgresStorageOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "GameOps:Storage:Postgres";

    /// <summary>An Npgsql connection string.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = $"{SectionName}:{nameof(ConnectionString)} must be set in cluster mode (an Npgsql connection string).")]
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>
    /// Whether a starting silo brings the schema up to date itself (under an advisory lock, so silos starting together
    /// do not race); when false, run the <c>migrate</c> command before starting silos of a new version.
    /// </summary>
    public bool MigrateOnStart { get; set; } = true;
}

using System.ComponentModel.DataAnnotations;

namespace GameOps.Silo.Audit;

/// <summary>How long audit entries are kept; bound from <c>GameOps:AuditLog</c>.</summary>
public sealed class AuditLogOptions
{
    public const string Section = "GameOps:AuditLog";

    /// <summary>Entries made longer ago than this are deleted.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00", ErrorMessage = "GameOps:AuditLog:Retention must be between 1 day and 3650 days.")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often each silo deletes what has passed the retention.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "GameOps:AuditLog:SweepInterval must be between 1 second and 1 day.")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromHours(1);
}

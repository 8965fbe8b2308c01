using System.ComponentModel.DataAnnotations;

namespace GameOps.Silo.Jobs;

/// <summary>How long job history is kept; bound from <c>GameOps:JobHistory</c>.</summary>
public sealed class JobHistoryOptions
{
    public const string Section = "GameOps:JobHistory";

    /// <summary>Jobs created longer ago than this are deleted from the history.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00", ErrorMessage = "GameOps:JobHistory:Retention must be between 1 day and 3650 days.")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often each silo deletes what has passed the retention.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "GameOps:JobHistory:SweepInterval must be between 1 second and 1 day.")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromHours(1);
}

using GameOps.Grains.Jobs;

namespace GameOps.Web.Jobs;

/// <summary>The jobs page's filter; a null field does not filter.</summary>
public sealed record JobFilter(
    JobState? State = null, string? Action = null, string? HostId = null, string? Actor = null, DateTimeOffset? From = null, DateTimeOffset? To = null)
{
    public const int PageSize = 50;

    /// <summary>
    /// The state a job not listed enters when it may have come to match since the list was read: the filtered state, or
    /// Queued (a new job) when no state filters. A job never enters a state twice, so each such job is read once.
    /// </summary>
    public JobState EntryState => State ?? JobState.Queued;
}

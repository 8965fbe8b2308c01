using GameOps.Grains.Jobs;

namespace GameOps.Web.Jobs;

/// <summary>The jobs page's filter; a null field does not filter.</summary>
public sealed record JobFilter(
    JobState? State = null, string? Action = null, string? HostId = null, string? Actor = null, DateTimeOffset? From = null, DateTimeOffset? To = null)
{
    public const int PageSize = 50;
}

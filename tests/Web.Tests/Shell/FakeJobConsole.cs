using System.Security.Claims;
using GameOps.Grains.Jobs;
using GameOps.Web.Jobs;

namespace GameOps.Web.Tests.Shell;

/// <summary>The silo's side of the jobs pages as a test sets it up.</summary>
public sealed class FakeJobConsole : IJobConsole
{
    public List<JobView> Jobs { get; } = [];

    public bool CanCancel { get; set; } = true;

    public List<(JobFilter Filter, string? Cursor)> Lists { get; } = [];

    public Task<bool> CanCancelAsync(ClaimsPrincipal user, string orgId) => Task.FromResult(CanCancel);

    public Task<JobListing> ListJobsAsync(ClaimsPrincipal user, string orgId, JobFilter filter, string? cursor)
    {
        Lists.Add((filter, cursor));
        var matching = Jobs.Where(j => (filter.State is null || j.State == filter.State) && (filter.Action is null || j.Action == filter.Action)).ToList();
        var skip = cursor is null ? 0 : int.Parse(cursor, System.Globalization.CultureInfo.InvariantCulture);
        var page = matching.Skip(skip).Take(2).ToList();
        return Task.FromResult(new JobListing(page, skip + 2 < matching.Count ? (skip + 2).ToString(System.Globalization.CultureInfo.InvariantCulture) : null));
    }

    public Task<JobView?> GetJobAsync(ClaimsPrincipal user, string orgId, Guid jobId) => Task.FromResult(Jobs.FirstOrDefault(j => j.Id == jobId));

    public Task<JobView> CancelJobAsync(ClaimsPrincipal user, string orgId, Guid jobId)
    {
        var index = Jobs.FindIndex(j => j.Id == jobId);
        Jobs[index] = Jobs[index] with { State = JobState.Cancelled };
        return Task.FromResult(Jobs[index]);
    }
}

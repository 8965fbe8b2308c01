using System.Security.Claims;
using GameOps.Grains.Jobs;

namespace GameOps.Web.Jobs;

/// <summary>
/// What the jobs pages read and change, implemented by the silo in-process with the REST API's own code (the job history's
/// filters and cursors, the cancellation). Every call checks the user's permission in the org they picked.
/// </summary>
public interface IJobConsole
{
    /// <summary>Whether the user may cancel jobs in the org.</summary>
    Task<bool> CanCancelAsync(ClaimsPrincipal user, string orgId);

    /// <summary>One page of the org's job history, newest first, as <c>GET /api/v1/jobs</c> gives it; a bad filter throws <see cref="Shell.ConsoleInputException"/>.</summary>
    Task<JobListing> ListJobsAsync(ClaimsPrincipal user, string orgId, JobFilter filter, string? cursor);

    /// <summary>The job; null when the org has no such job.</summary>
    Task<JobView?> GetJobAsync(ClaimsPrincipal user, string orgId, Guid jobId);

    /// <summary>Cancels the job as <c>POST /api/v1/jobs/{id}/cancel</c> does; a job that cannot be cancelled throws <see cref="Shell.ConsoleInputException"/>.</summary>
    Task<JobView> CancelJobAsync(ClaimsPrincipal user, string orgId, Guid jobId);
}

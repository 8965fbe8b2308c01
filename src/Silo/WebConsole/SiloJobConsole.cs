using System.Globalization;
using System.Security.Claims;
using GameOps.Grains;
using GameOps.Grains.Jobs;
using GameOps.Silo.Jobs;
using GameOps.Silo.Security.Authorization;
using GameOps.Web.Jobs;
using GameOps.Web.Shell;

namespace GameOps.Silo.WebConsole;

/// <summary>The jobs pages' reads and changes, in-process, with the job endpoints' own code (the history's filters and cursors, the cancellation).</summary>
public sealed class SiloJobConsole(IGrainFactory grains, WebConsoleAccess access, IJobHistory history) : IJobConsole
{
    public Task<bool> CanCancelAsync(ClaimsPrincipal user, string orgId) => access.AllowsAsync(user, orgId, Permission.JobsCancel);

    public async Task<JobListing> ListJobsAsync(ClaimsPrincipal user, string orgId, JobFilter filter, string? cursor)
    {
        await access.RequireAsync(user, orgId, Permission.JobsRead);

        // The query string the REST endpoint reads, so both read a filter the same way.
        var query = new JobHistoryFilter(
            filter.State?.ToString(), filter.Action, filter.Actor, Time(filter.From), Time(filter.To), cursor, JobFilter.PageSize.ToString(CultureInfo.InvariantCulture));
        var outcome = await JobEndpoints.ListAsync(query, orgId, string.IsNullOrEmpty(filter.HostId) ? null : filter.HostId, serverId: null, grains, history, CancellationToken.None);
        return outcome switch
        {
            { Errors: { } errors } => throw new ConsoleInputException(string.Join(" ", errors.SelectMany(e => e.Value))),
            { NotFound: { } missing } => throw new ConsoleInputException(missing),
            _ => new JobListing(outcome.Page!.Jobs, outcome.Page.NextCursor),
        };
    }

    public async Task<JobView?> GetJobAsync(ClaimsPrincipal user, string orgId, Guid jobId)
    {
        await access.RequireAsync(user, orgId, Permission.JobsRead);
        return await grains.GetJobGrain(jobId).GetAsync() is { } job && job.OrgId == orgId ? job : null;
    }

    public async Task<JobView> CancelJobAsync(ClaimsPrincipal user, string orgId, Guid jobId)
    {
        await access.RequireAsync(user, orgId, Permission.JobsCancel);
        if (await grains.GetJobGrain(jobId).GetAsync() is not { } job || job.OrgId != orgId)
        {
            throw new ConsoleInputException($"Job '{jobId}' does not exist.");
        }

        var cancellation = await grains.GetHostGrain(job.HostId).CancelJobAsync(orgId, jobId, WebConsoleAccess.ActorOf(user));
        return JobEndpoints.CancelProblem(cancellation) is { } problem ? throw new ConsoleInputException(problem) : cancellation.Job;
    }

    private static string? Time(DateTimeOffset? time) => time?.ToString("O", CultureInfo.InvariantCulture);
}

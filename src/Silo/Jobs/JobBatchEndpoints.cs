using System.Security.Claims;
using GameOps.Grains.Hosts;
using GameOps.Grains.Jobs;
using GameOps.Silo.Api;
using GameOps.Silo.Security;
using GameOps.Silo.Security.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GameOps.Silo.Jobs;

public static class JobBatchEndpoints
{
    public static RouteGroupBuilder MapJobBatchEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/hosts/{hostId}/jobs:batch", SubmitBatchAsync).WithTags("Jobs").RequirePermission(Permission.JobsSubmit)
            .WithSummary($"Submits 1 to {JobLimits.MaxJobsPerBatch} jobs to one host in one request and one write of the host's state: all are queued or none.");
        return api;
    }

    private static async Task<Results<Created<JobBatchView>, Ok<JobBatchView>, ValidationProblem, ProblemHttpResult>> SubmitBatchAsync(
        string hostId,
        JobBatchRequest? request,
        string? wait,
        ClaimsPrincipal user,
        HttpContext http,
        IGrainFactory grains,
        OrgAccess access)
    {
        if (!HostRules.IsValidHostId(hostId))
        {
            return ApiExtensions.NotFound($"Host '{hostId}' does not exist.");
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (JobEndpoints.ReadWait(wait, out var waitSeconds) is { } waitProblem)
        {
            errors["wait"] = [waitProblem];
        }

        var orgId = user.GetOrgId();
        var actor = user.ToActor(http.Connection.RemoteIpAddress);
        var items = request?.Jobs ?? [];
        var jobs = new List<SubmitJob>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is not { } item)
            {
                errors[$"jobs[{i}]"] = ["A job is an object with serverId, action and arguments."];
                continue;
            }

            jobs.Add(JobEndpoints.ReadJob(
                orgId, item.ServerId, item.Action, item.Arguments, item.TimeoutSeconds, item.IdempotencyKey, actor, $"jobs[{i}].", errors));
        }

        if (jobs.Count != items.Count)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var outcome = await JobBatches.SubmitAsync(hostId, jobs, errors, user, grains, access);
        if (outcome.Errors is { } invalid)
        {
            return TypedResults.ValidationProblem(invalid);
        }

        if (outcome.Refusal is { } refusal)
        {
            return TypedResults.Problem(refusal.Detail, statusCode: StatusCodes.Status403Forbidden, title: refusal.Title);
        }

        var submissions = outcome.Submissions!.Value;
        var views = await JobBatches.WaitAsync(submissions, TimeSpan.FromSeconds(waitSeconds ?? 0), grains);
        var batch = new JobBatchView(views.Select((job, i) => new JobBatchItemView(job, submissions[i].Created)).ToList());
        return submissions.Any(s => s.Created) ? TypedResults.Created((string?)null, batch) : TypedResults.Ok(batch);
    }
}

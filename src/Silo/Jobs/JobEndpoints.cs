using System.Collections.Immutable;
using System.Security.Claims;
using GameOps.AgentProtocol;
using GameOps.Grains;
using GameOps.Grains.GameServers;
using GameOps.Grains.Hosts;
using GameOps.Grains.Jobs;
using GameOps.Grains.Observability;
using GameOps.Silo.Api;
using GameOps.Silo.Hosts;
using GameOps.Silo.Policies;
using GameOps.Silo.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using GameOps.Silo.Security.Authorization;

namespace GameOps.Silo.Jobs;

public static class JobEndpoints
{
    /// <summary>The longest a caller may wait for a job to finish in one request (below Orleans' 30 s call timeout).</summary>
    public const int MaxWaitSeconds = 25;

    public static RouteGroupBuilder MapJobEndpoints(this RouteGroupBuilder api)
    {
        var hostJobs = api.MapGroup("/hosts/{hostId}/jobs").WithTags("Jobs");
        hostJobs.MapPost("/", CreateJobAsync).RequirePermission(Permission.JobsSubmit).WithSummary("Submits a job to one of the host's game servers; with wait, answers when it ends or the wait does.");
        hostJobs.MapGet("/", ListHostJobsAsync).RequirePermission(Permission.JobsRead).WithSummary("The host's jobs of the retention period, newest first, a page at a time.");
        api.MapGet("/hosts/{hostId}/servers/{serverId}/jobs", ListServerJobsAsync).WithTags("Jobs").RequirePermission(Permission.JobsRead)
            .WithSummary("One game server's jobs of the retention period, newest first, a page at a time.");
        api.MapGet("/jobs", ListOrgJobsAsync).WithTags("Jobs").RequirePermission(Permission.JobsRead).WithSummary("The org's jobs of the retention period, newest first, a page at a time.");
        api.MapGet("/jobs/{jobId:guid}", GetJobAsync).WithTags("Jobs").RequirePermission(Permission.JobsRead).WithSummary("The job; with wait, answers when it ends or the wait does.");
        api.MapPost("/jobs/{jobId:guid}/cancel", CancelJobAsync).WithTags("Jobs").RequirePermission(Permission.JobsCancel)
            .WithSummary("Cancels a job: at once while it waits for its agent, through the agent once sent; a running job cannot be taken back.").ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    private static async Task<Results<Created<JobView>, Ok<JobView>, ValidationProblem, ProblemHttpResult>> CreateJobAsync(
        string hostId,
        CreateJobRequest? request,
        string? wait,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        ClaimsPrincipal user,
        HttpContext http,
        IGrainFactory grains,
        OrgAccess access,
        IDomainClock clock)
    {
        // The host grain checks the org itself, which saves a call per job.
        if (!HostRules.IsValidHostId(hostId))
        {
            return ApiExtensions.NotFound($"Host '{hostId}' does not exist.");
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var submit = ReadJob(
            user.GetOrgId(), request?.ServerId, request?.Action, request?.Arguments, request?.TimeoutSeconds, idempotencyKey,
            user.ToActor(http.Connection.RemoteIpAddress), fieldPrefix: "", errors);

        if (ReadWait(wait, out var waitSeconds) is { } waitProblem)
        {
            errors["wait"] = [waitProblem];
        }

        var outcome = await SubmitAsync(hostId, submit, TimeSpan.FromSeconds(waitSeconds ?? 0), errors, user, grains, access, clock);
        if (outcome.Errors is { } invalid)
        {
            return TypedResults.ValidationProblem(invalid);
        }

        if (outcome.Refusal is { } refusal)
        {
            return TypedResults.Problem(refusal.Detail, statusCode: StatusCodes.Status403Forbidden, title: refusal.Title);
        }

        var submission = outcome.Submission!;
        var job = submission.Job;
        return submission.Created
            ? TypedResults.Created($"/api/v1/jobs/{job.Id}", job)
            : TypedResults.Ok(job);
    }

    /// <summary>
    /// The job a caller's fields describe, as every transport reads them (REST, its batches, gRPC); an argument given as
    /// null is an error under <paramref name="fieldPrefix"/> (<c>jobs[3].</c> in a batch), the rest is checked later.
    /// </summary>
    internal static SubmitJob ReadJob(
        string orgId, string? serverId, string? action, IReadOnlyDictionary<string, string?>? arguments, int? timeoutSeconds,
        string? idempotencyKey, Actor requestedBy, string fieldPrefix, Dictionary<string, string[]> errors)
    {
        foreach (var (name, value) in arguments ?? ImmutableDictionary<string, string?>.Empty)
        {
            if (value is null)
            {
                errors[$"{fieldPrefix}arguments.{name}"] = ["An argument value must be a string, not null."];
            }
        }

        return new SubmitJob(
            orgId,
            serverId ?? "",
            action ?? "",
            (arguments ?? ImmutableDictionary<string, string?>.Empty).Where(a => a.Value is not null).ToImmutableDictionary(a => a.Key, a => a.Value!, StringComparer.Ordinal),
            timeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : JobLimits.DefaultTimeout,
            requestedBy,
            idempotencyKey,
            GameOpsTracing.CurrentTraceParent());
    }

    /// <summary>
    /// Checks a job as this API does (its fields, what its action needs of the caller on the server, and, through its
    /// host's grain, the policy its agent last reported) and submits it to its host through its new job grain, which answers once the job has
    /// finished or <paramref name="wait"/> has passed; for this API and the web console. <paramref name="errors"/>
    /// holds the caller's own field errors, to which the job's are added.
    /// </summary>
    internal static async Task<JobSubmitOutcome> SubmitAsync(
        string hostId, SubmitJob submit, TimeSpan wait, Dictionary<string, string[]> errors, ClaimsPrincipal user, IGrainFactory grains, OrgAccess access,
        IDomainClock clock)
    {
        foreach (var (field, problems) in JobRules.Validate(submit))
        {
            errors.TryAdd(field, problems);
        }

        if (errors.Count > 0)
        {
            return new JobSubmitOutcome(null, errors, null);
        }

        if (await new JobChecks(hostId, user, access).CallerRefusalAsync(submit) is { } refusal)
        {
            return new JobSubmitOutcome(null, null, refusal);
        }

        try
        {
            return new JobSubmitOutcome(await grains.GetJobGrain(Guid.CreateVersion7(clock.UtcNow)).SubmitAsync(hostId, submit, wait), null, null);
        }
        catch (JobRefusedException refused)
        {
            return new JobSubmitOutcome(null, null, new JobRefusal(JobChecks.RefusedByPolicy, refused.Message));
        }
    }

    private static Task<Results<Ok<JobPage>, ValidationProblem, ProblemHttpResult>> ListOrgJobsAsync(
        [AsParameters] JobHistoryFilter filter, ClaimsPrincipal user, IGrainFactory grains, IJobHistory history, CancellationToken cancellationToken) =>
        ListAsync(filter, hostId: null, serverId: null, user, grains, history, cancellationToken);

    private static Task<Results<Ok<JobPage>, ValidationProblem, ProblemHttpResult>> ListHostJobsAsync(
        string hostId, [AsParameters] JobHistoryFilter filter, ClaimsPrincipal user, IGrainFactory grains, IJobHistory history, CancellationToken cancellationToken) =>
        ListAsync(filter, hostId, serverId: null, user, grains, history, cancellationToken);

    private static Task<Results<Ok<JobPage>, ValidationProblem, ProblemHttpResult>> ListServerJobsAsync(
        string hostId, string serverId, [AsParameters] JobHistoryFilter filter, ClaimsPrincipal user, IGrainFactory grains, IJobHistory history, CancellationToken cancellationToken) =>
        ListAsync(filter, hostId, serverId, user, grains, history, cancellationToken);

    private static async Task<Results<Ok<JobPage>, ValidationProblem, ProblemHttpResult>> ListAsync(
        JobHistoryFilter filter, string? hostId, string? serverId, ClaimsPrincipal user, IGrainFactory grains, IJobHistory history, CancellationToken cancellationToken)
    {
        var outcome = await ListAsync(filter, user.GetOrgId(), hostId, serverId, grains, history, cancellationToken);
        return outcome switch
        {
            { Errors: { } errors } => TypedResults.ValidationProblem(errors),
            { NotFound: { } missing } => ApiExtensions.NotFound(missing),
            _ => TypedResults.Ok(outcome.Page!),
        };
    }

    /// <summary>A page of the org's job history as the filter asks, for this API and the web console.</summary>
    internal static async Task<JobListOutcome> ListAsync(
        JobHistoryFilter filter, string orgId, string? hostId, string? serverId, IGrainFactory grains, IJobHistory history, CancellationToken cancellationToken)
    {
        var query = filter.ToQuery(orgId, hostId, serverId, out var errors);
        if (query is null)
        {
            return new JobListOutcome(null, errors, null);
        }

        if (hostId is not null && await HostEndpoints.FindHostAsync(hostId, orgId, grains) is null)
        {
            return new JobListOutcome(null, null, $"Host '{hostId}' does not exist.");
        }

        if (serverId is not null && !JobRules.IsValidServerId(serverId))
        {
            return new JobListOutcome(null, null, $"Game server '{serverId}' does not exist on host '{hostId}'.");
        }

        var page = await history.ListAsync(query, cancellationToken);
        return new JobListOutcome(new JobPage(page.Jobs, page.Next?.Encode()), null, null);
    }

    private static async Task<Results<Ok<JobView>, ValidationProblem, ProblemHttpResult>> GetJobAsync(Guid jobId, string? wait, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (ReadWait(wait, out var waitSeconds) is { } waitProblem)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["wait"] = [waitProblem] });
        }

        var grain = grains.GetJobGrain(jobId);
        var job = await grain.GetAsync();
        if (job is null || job.OrgId != user.GetOrgId())
        {
            return ApiExtensions.NotFound($"Job '{jobId}' does not exist.");
        }

        return TypedResults.Ok(waitSeconds is > 0 && !job.IsFinished ? await grain.WaitUntilFinishedAsync(TimeSpan.FromSeconds(waitSeconds.Value)) ?? job : job);
    }

    private static async Task<Results<Ok<JobView>, Accepted<JobView>, ProblemHttpResult>> CancelJobAsync(
        Guid jobId, ClaimsPrincipal user, HttpContext http, IGrainFactory grains)
    {
        var job = await grains.GetJobGrain(jobId).GetAsync();
        if (job is null || job.OrgId != user.GetOrgId())
        {
            return ApiExtensions.NotFound($"Job '{jobId}' does not exist.");
        }

        var cancellation = await grains.GetHostGrain(job.HostId).CancelJobAsync(job.OrgId, jobId, user.ToActor(http.Connection.RemoteIpAddress));
        return cancellation.Outcome switch
        {
            CancelOutcome.Cancelled => TypedResults.Ok(cancellation.Job),
            CancelOutcome.Requested => TypedResults.Accepted($"/api/v1/jobs/{jobId}", cancellation.Job),
            _ => Conflict(CancelProblem(cancellation)!),
        };
    }

    /// <summary>Why a cancellation changed nothing, for this API and the web console; null when the job was cancelled or will be.</summary>
    internal static string? CancelProblem(JobCancellation cancellation) => cancellation.Outcome switch
    {
        CancelOutcome.Cancelled or CancelOutcome.Requested => null,
        CancelOutcome.AlreadyRunning =>
            $"Job '{cancellation.Job.Id}' is running and cannot be cancelled: a console command cannot be taken back. It ends with the game's answer.",
        _ => $"Job '{cancellation.Job.Id}' has already ended ({cancellation.Job.State}); there is nothing to cancel.",
    };

    /// <summary>What an action needs beyond jobs.submit: power actions need power, a raw console command console.send.</summary>
    internal static Permission? JobPermission(string action) => action switch
    {
        GameActions.ServerStart or GameActions.ServerStop or GameActions.ServerRestart or GameActions.ServerShutdown => Permission.Power,
        GameActions.ConsoleRaw => Permission.ConsoleSend,
        _ => null,
    };

    private static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict");

    internal static string? ReadWait(string? text, out int? seconds) =>
        !QueryValues.TryReadWholeNumber(text, out seconds) || seconds is < 0 or > MaxWaitSeconds
            ? $"wait is the seconds to wait for the job to finish: a whole number from 0 to {MaxWaitSeconds}."
            : null;
}

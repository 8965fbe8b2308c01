using System.Security.Claims;
using GameOps.Grains;
using GameOps.Grains.Hosts;
using GameOps.Grains.Jobs;
using GameOps.JobsProtocol;
using GameOps.Silo.Security;
using GameOps.Silo.Security.Authorization;
using Grpc.Core;

namespace GameOps.Silo.Jobs;

/// <summary>
/// The jobs API over gRPC (jobs.proto): the REST job routes' permissions, checks and answers, for callers who want
/// HTTP/2 and protobuf. Each RPC asks <see cref="GrpcCaller"/> first, as each REST route declares its permission.
/// </summary>
public sealed class JobsGrpcService(GrpcCaller caller, IGrainFactory grains, OrgAccess access, IDomainClock clock) : JobsProtocol.Jobs.JobsBase
{
    public override async Task<SubmitResponse> Submit(SubmitRequest request, ServerCallContext context)
    {
        var user = await caller.RequireAsync(context, Permission.JobsSubmit);
        var hostId = KnownHostId(request.HostId);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var wait = ReadWait(request.WaitSeconds, errors);
        var submit = ReadJob(request.Job ?? new JobRequest(), user, context, fieldPrefix: "", errors);

        var outcome = await JobEndpoints.SubmitAsync(hostId, submit, wait, errors, user, grains, access, clock);
        ThrowIfRefused(outcome.Errors, outcome.Refusal);
        var submission = outcome.Submission!;
        return submission.Job.ToMessage(submission.Created);
    }

    public override async Task<SubmitBatchResponse> SubmitBatch(SubmitBatchRequest request, ServerCallContext context)
    {
        var user = await caller.RequireAsync(context, Permission.JobsSubmit);
        var hostId = KnownHostId(request.HostId);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var wait = ReadWait(request.WaitSeconds, errors);
        var jobs = request.Jobs.Select((job, i) => ReadJob(job, user, context, $"jobs[{i}].", errors)).ToList();

        var outcome = await JobBatches.SubmitAsync(hostId, jobs, errors, user, grains, access);
        ThrowIfRefused(outcome.Errors, outcome.Refusal);
        var submissions = outcome.Submissions!.Value;
        var views = await JobBatches.WaitAsync(submissions, wait, grains);
        var response = new SubmitBatchResponse();
        response.Jobs.Add(views.Select((job, i) => job.ToMessage(submissions[i].Created)));
        return response;
    }

    public override async Task<Job> Get(GetRequest request, ServerCallContext context)
    {
        var user = await caller.RequireAsync(context, Permission.JobsRead);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var wait = ReadWait(request.WaitSeconds, errors);
        ThrowIfRefused(errors, null);
        var job = await FindJobAsync(request.JobId, user);
        return (wait > TimeSpan.Zero && !job.IsFinished ? await grains.GetJobGrain(job.Id).WaitUntilFinishedAsync(wait) ?? job : job).ToMessage();
    }

    public override async Task Watch(WatchRequest request, IServerStreamWriter<Job> responseStream, ServerCallContext context)
    {
        var user = await caller.RequireAsync(context, Permission.JobsRead);
        var job = await FindJobAsync(request.JobId, user);
        await responseStream.WriteAsync(job.ToMessage(), context.CancellationToken);
        while (!job.IsFinished)
        {
            // In slices below Orleans' call timeout; the caller ends the watch by cancelling.
            context.CancellationToken.ThrowIfCancellationRequested();
            var next = await grains.GetJobGrain(job.Id).WaitUntilFinishedAsync(TimeSpan.FromSeconds(JobEndpoints.MaxWaitSeconds)) ?? job;
            if (next.IsFinished)
            {
                await responseStream.WriteAsync(next.ToMessage(), context.CancellationToken);
            }

            job = next;
        }
    }

    private async Task<JobView> FindJobAsync(string jobId, ClaimsPrincipal user)
    {
        if (!Guid.TryParse(jobId, out var id) || await grains.GetJobGrain(id).GetAsync() is not { } job || job.OrgId != user.GetOrgId())
        {
            throw new RpcException(new Status(StatusCode.NotFound, $"Job '{jobId}' does not exist."));
        }

        return job;
    }

    private static string KnownHostId(string hostId) =>
        HostRules.IsValidHostId(hostId) ? hostId : throw new RpcException(new Status(StatusCode.NotFound, $"Host '{hostId}' does not exist."));

    private static SubmitJob ReadJob(JobRequest job, ClaimsPrincipal user, ServerCallContext context, string fieldPrefix, Dictionary<string, string[]> errors) =>
        JobEndpoints.ReadJob(
            user.GetOrgId(),
            job.ServerId,
            job.Action,
            job.Arguments.ToDictionary(a => a.Key, a => (string?)a.Value, StringComparer.Ordinal),
            job.TimeoutSeconds == 0 ? null : job.TimeoutSeconds,
            job.IdempotencyKey.Length == 0 ? null : job.IdempotencyKey,
            user.ToActor(context.GetHttpContext().Connection.RemoteIpAddress),
            fieldPrefix,
            errors);

    private static TimeSpan ReadWait(int seconds, Dictionary<string, string[]> errors)
    {
        if (seconds is < 0 or > JobEndpoints.MaxWaitSeconds)
        {
            errors["waitSeconds"] = [$"waitSeconds is the seconds to wait for the job to finish: 0 to {JobEndpoints.MaxWaitSeconds}."];
            return TimeSpan.Zero;
        }

        return TimeSpan.FromSeconds(seconds);
    }

    /// <summary>Field errors as REST names them (<c>jobs[3].action: ...</c>), each on its own line; a refusal in its own words.</summary>
    private static void ThrowIfRefused(IDictionary<string, string[]>? errors, JobRefusal? refusal)
    {
        if (errors is { Count: > 0 })
        {
            var detail = string.Join("\n", errors.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"));
            throw new RpcException(new Status(StatusCode.InvalidArgument, detail));
        }

        if (refusal is not null)
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, refusal.Detail));
        }
    }
}

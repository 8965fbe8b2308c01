using System.Collections.Immutable;
using System.Security.Claims;
using GameOps.Grains;
using GameOps.Grains.Jobs;
using GameOps.Silo.Security.Authorization;

namespace GameOps.Silo.Jobs;

/// <summary>
/// Checks a batch of jobs as a single submit checks each (the caller here, the server's policy in the host's grain) and
/// submits it to its host in one grain call; for REST and gRPC.
/// </summary>
internal static class JobBatches
{
    /// <param name="errors">The caller's own field errors (by <c>jobs[i].field</c>), to which the jobs' are added.</param>
    public static async Task<JobBatchOutcome> SubmitAsync(
        string hostId, IReadOnlyList<SubmitJob> jobs, Dictionary<string, string[]> errors, ClaimsPrincipal user, IGrainFactory grains, OrgAccess access)
    {
        if (jobs.Count is 0 or > JobLimits.MaxJobsPerBatch)
        {
            errors.TryAdd("jobs", [$"A batch holds 1 to {JobLimits.MaxJobsPerBatch} jobs."]);
            return new JobBatchOutcome(null, errors, null);
        }

        for (var i = 0; i < jobs.Count; i++)
        {
            foreach (var (field, problems) in JobRules.Validate(jobs[i]))
            {
                errors.TryAdd(ItemField(i, field), problems);
            }
        }

        if (errors.Count > 0)
        {
            return new JobBatchOutcome(null, errors, null);
        }

        var checks = new JobChecks(hostId, user, access);
        for (var i = 0; i < jobs.Count; i++)
        {
            if (await checks.CallerRefusalAsync(jobs[i]) is { } refusal)
            {
                return new JobBatchOutcome(null, null, refusal with { Detail = $"jobs[{i}]: {refusal.Detail}" });
            }
        }

        try
        {
            return new JobBatchOutcome(await grains.GetHostGrain(hostId).SubmitJobsAsync([.. jobs]), null, null);
        }
        catch (JobRefusedException refused)
        {
            // The host checks each job against the policy it holds, and names the job as this API does: "jobs[3]: …".
            return new JobBatchOutcome(null, null, new JobRefusal(JobChecks.RefusedByPolicy, refused.Message));
        }
    }

    /// <summary>The name of a field of the batch's job <paramref name="index"/>, as errors name it: <c>jobs[3].action</c>.</summary>
    public static string ItemField(int index, string field) => $"jobs[{index}].{field}";

    /// <summary>Each submitted job as it is once finished, or as it is after <paramref name="wait"/>; replayed ones as they are now.</summary>
    public static async Task<JobView[]> WaitAsync(IReadOnlyList<JobSubmission> submissions, TimeSpan wait, IGrainFactory grains) =>
        await Task.WhenAll(submissions.Select(async s =>
            wait > TimeSpan.Zero && !s.Job.IsFinished ? await grains.GetJobGrain(s.Job.Id).WaitUntilFinishedAsync(wait) ?? s.Job : s.Job));
}

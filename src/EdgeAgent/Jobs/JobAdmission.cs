namespace GameOps.EdgeAgent.Jobs;

/// <summary>The journal's answer to an assignment; <see cref="StoredResult"/> is set for <see cref="JobAdmissionKind.AlreadyFinished"/>.</summary>
public sealed record JobAdmission(JobAdmissionKind Kind, JobResult? StoredResult)
{
    public static JobAdmission Run { get; } = new(JobAdmissionKind.Run, null);

    public static JobAdmission AlreadyRunning { get; } = new(JobAdmissionKind.AlreadyRunning, null);

    public static JobAdmission AlreadyFinished(JobResult result) => new(JobAdmissionKind.AlreadyFinished, result);
}

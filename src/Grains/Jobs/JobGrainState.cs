using GameOps.Grains.Audit;

namespace GameOps.Grains.Jobs;

[GenerateSerializer]
[Alias("GameOps.JobGrainState")]
public sealed class JobGrainState : IAuditedState
{
    [Id(0)] public JobSpec? Spec { get; set; }
    [Id(1)] public JobState State { get; set; }
    [Id(2)] public int Attempts { get; set; }
    [Id(3)] public DateTimeOffset? DispatchedAt { get; set; }
    [Id(4)] public DateTimeOffset? StartedAt { get; set; }
    [Id(5)] public DateTimeOffset? FinishedAt { get; set; }
    [Id(6)] public string? Output { get; set; }
    [Id(7)] public string? Error { get; set; }
    [Id(8)] public string? Data { get; set; }

    /// <summary>When a caller asked to cancel the job after it was sent to its agent.</summary>
    [Id(9)] public DateTimeOffset? CancelRequestedAt { get; set; }

    /// <summary>How many times the agent tried the game, as it reported with the result.</summary>
    [Id(10)] public int GameAttempts { get; set; }

    public bool IsFinished => JobStates.IsFinished(State);

    /// <summary>The job as callers see it; <see cref="Spec"/> must be set.</summary>
    public JobView ToView(Guid jobId)
    {
        var spec = Spec!;
        return new JobView(
            jobId, spec.OrgId, spec.HostId, spec.ServerId, spec.Action, spec.Arguments, State,
            spec.RequestedBy, spec.IdempotencyKey, Attempts, spec.CreatedAt, spec.Deadline, DispatchedAt,
            StartedAt, FinishedAt, Output, Error, Data, CancelRequestedAt, GameAttempts);
    }

    [NonSerialized]
    private readonly List<AuditEntry> _unwrittenAudit = [];

    List<AuditEntry> IAuditedState.UnwrittenAudit => _unwrittenAudit;
}

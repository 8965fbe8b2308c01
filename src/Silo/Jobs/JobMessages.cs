using GameOps.Grains.Jobs;
using GameOps.JobsProtocol;
using Google.Protobuf.WellKnownTypes;
using JobState = GameOps.Grains.Jobs.JobState;
using WireJobState = GameOps.JobsProtocol.JobState;

namespace GameOps.Silo.Jobs;

/// <summary>Jobs as the gRPC API writes them (jobs.proto).</summary>
internal static class JobMessages
{
    public static Job ToMessage(this JobView view)
    {
        var job = new Job
        {
            Id = view.Id.ToString(),
            OrgId = view.OrgId,
            HostId = view.HostId,
            ServerId = view.ServerId,
            Action = view.Action,
            State = view.State switch
            {
                JobState.Queued => WireJobState.Queued,
                JobState.Dispatched => WireJobState.Dispatched,
                JobState.Running => WireJobState.Running,
                JobState.Succeeded => WireJobState.Succeeded,
                JobState.Failed => WireJobState.Failed,
                JobState.TimedOut => WireJobState.TimedOut,
                JobState.Cancelled => WireJobState.Cancelled,
                _ => WireJobState.Unspecified,
            },
            Attempts = view.Attempts,
            CreatedAt = Timestamp.FromDateTimeOffset(view.CreatedAt),
            Deadline = Timestamp.FromDateTimeOffset(view.Deadline),
            FinishedAt = view.FinishedAt is { } finished ? Timestamp.FromDateTimeOffset(finished) : null,
            Output = view.Output ?? "",
            Error = view.Error ?? "",
            DataJson = view.Data ?? "",
            IdempotencyKey = view.IdempotencyKey ?? "",
        };
        job.Arguments.Add(view.Arguments);
        return job;
    }

    public static SubmitResponse ToMessage(this JobView view, bool created) => new() { Job = view.ToMessage(), Created = created };
}

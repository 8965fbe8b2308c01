namespace GameOps.Bench.Jobs;

/// <summary>How the bench's callers submit jobs: one per REST request (the standard), REST batches, or the gRPC jobs API.</summary>
public enum JobTransport
{
    /// <summary><c>POST /api/v1/hosts/{id}/jobs?wait=25</c>, one job per request.</summary>
    Rest,

    /// <summary><c>POST /api/v1/hosts/{id}/jobs:batch?wait=25</c>, a batch of jobs per request.</summary>
    RestBatch,

    /// <summary><c>gameops.v1.Jobs/Submit</c> with <c>wait_seconds = 25</c>, one job per call.</summary>
    Grpc,

    /// <summary><c>gameops.v1.Jobs/SubmitBatch</c> with <c>wait_seconds = 25</c>, a batch of jobs per call.</summary>
    GrpcBatch,
}

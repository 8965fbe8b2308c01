using GameOps.JobsProtocol;
using Grpc.Core;

namespace GameOps.Bench.Jobs;

/// <summary>
/// One gRPC caller of the jobs API submitting <c>players.list</c> jobs to a random host and waiting in the same call for
/// them to finish (<c>wait_seconds</c>): one per <c>Submit</c>, or <paramref name="batchSize"/> per <c>SubmitBatch</c>.
/// </summary>
public sealed class GrpcJobCaller : IJobSubmitter
{
    private readonly JobsProtocol.Jobs.JobsClient _client;
    private readonly IReadOnlyList<string> _hostIds;
    private readonly Metadata _headers;
    private readonly int _waitSeconds;
    private readonly JobRequest[] _jobs;
    private readonly Random _random = new();

    public GrpcJobCaller(JobsProtocol.Jobs.JobsClient client, IReadOnlyList<string> hostIds, string apiKey, int batchSize, int waitSeconds)
    {
        _client = client;
        _hostIds = hostIds;
        _headers = new Metadata { { "authorization", $"Bearer {apiKey}" } };
        _waitSeconds = waitSeconds;
        _jobs = Enumerable.Range(0, batchSize).Select(_ => new JobRequest { ServerId = "main", Action = "players.list" }).ToArray();
        JobsPerCall = batchSize;
    }

    /// <summary>Jobs per call; 1 calls <c>Submit</c>, more <c>SubmitBatch</c>.</summary>
    public int JobsPerCall { get; }

    public Queue<string> Answered { get; } = new();

    public async ValueTask<bool> CreateAsync(CancellationToken cancellationToken)
    {
        var hostId = _hostIds[_random.Next(_hostIds.Count)];
        if (JobsPerCall == 1)
        {
            var single = await _client.SubmitAsync(
                new SubmitRequest { HostId = hostId, Job = _jobs[0], WaitSeconds = _waitSeconds }, _headers, cancellationToken: cancellationToken);
            Remember(single.Job);
            return single.Created && (_waitSeconds == 0 || single.Job.State == JobState.Succeeded);
        }

        var request = new SubmitBatchRequest { HostId = hostId, WaitSeconds = _waitSeconds };
        request.Jobs.Add(_jobs);
        var batch = await _client.SubmitBatchAsync(request, _headers, cancellationToken: cancellationToken);
        Remember(batch.Jobs[^1].Job);
        return batch.Jobs.Count == JobsPerCall && batch.Jobs.All(j => j.Created && (_waitSeconds == 0 || j.Job.State == JobState.Succeeded));
    }

    private void Remember(Job job)
    {
        Answered.Enqueue($"/api/v1/jobs/{job.Id}");
        if (Answered.Count > 16)
        {
            Answered.Dequeue();
        }
    }
}

using System.Security.Cryptography;
using GameOps.Grains.Jobs;
using GameOps.Grains.Orgs;
using Microsoft.Extensions.Logging;

namespace GameOps.Grains.Hosts;

public sealed partial class HostGrain(
    [PersistentState("host", StorageNames.GameOps)] IPersistentState<HostState> state,
    IGrainFactory grains,
    IDomainClock clock,
    ILogger<HostGrain> logger)
    : Grain, IHostGrain
{
    /// <summary>How many recent jobs a host remembers for listing and idempotency keys.</summary>
    public const int RecentJobLimit = 200;

    private string HostId => this.GetPrimaryKeyString();

    public async Task<HostView> RegisterAsync(RegisterHost request)
    {
        if (state.RecordExists)
        {
            throw new HostAlreadyRegisteredException(HostId);
        }

        if (request.CredentialHash is not { Length: SHA256.HashSizeInBytes })
        {
            throw new ArgumentException("The credential hash must be a SHA-256 hash.", nameof(request));
        }

        if (HostRules.ValidateName(request.Name) is { } nameProblem)
        {
            throw new ArgumentException(nameProblem, nameof(request));
        }

        var now = clock.UtcNow;
        state.State = new HostState
        {
            OrgId = request.OrgId,
            Name = request.Name,
            CredentialHash = request.CredentialHash,
            Status = HostStatus.Pending,
            CreatedAt = now,
            StatusChangedAt = now,
            RegisteredBy = request.RegisteredBy,
        };
        await state.WriteStateAsync();
        await grains.GetGrain<IOrgGrain>(request.OrgId).AddHostAsync(HostId);
        LogRegistered(logger, HostId, request.OrgId, request.RegisteredBy.Kind, request.RegisteredBy.Id);
        return View();
    }

    public Task<HostView?> GetAsync() => Task.FromResult(state.RecordExists ? View() : null);

    public Task<bool> VerifyCredentialAsync(byte[] credentialHash) =>
        Task.FromResult(state.RecordExists && CryptographicOperations.FixedTimeEquals(state.State.CredentialHash, credentialHash));

    public async Task<JobSubmission> SubmitJobAsync(SubmitJob request)
    {
        EnsureRegistered();
        var errors = JobRules.Validate(request);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors.Values.SelectMany(e => e)), nameof(request));
        }

        if (request.IdempotencyKey is { } key
            && state.State.RecentJobs.FindLast(j => j.IdempotencyKey == key) is { } earlier
            && await grains.GetGrain<IJobGrain>(earlier.JobId).GetAsync() is { } replayed)
        {
            return new JobSubmission(replayed, Created: false);
        }

        var now = clock.UtcNow;
        var jobId = Guid.CreateVersion7(now);
        var spec = new JobSpec(
            state.State.OrgId, HostId, request.ServerId, request.Action, request.Arguments, request.RequestedBy,
            now, now + request.Timeout, request.IdempotencyKey);
        var job = await grains.GetGrain<IJobGrain>(jobId).CreateAsync(spec);

        var recent = state.State.RecentJobs;
        recent.Add(new RecentJob(jobId, request.IdempotencyKey));
        if (recent.Count > RecentJobLimit)
        {
            recent.RemoveRange(0, recent.Count - RecentJobLimit);
        }

        await state.WriteStateAsync();
        return new JobSubmission(job, Created: true);
    }

    public Task<IReadOnlyList<Guid>> ListJobIdsAsync(int limit)
    {
        EnsureRegistered();
        var recent = state.State.RecentJobs;
        var count = Math.Clamp(limit, 0, recent.Count);
        var newestFirst = new Guid[count];
        for (var i = 0; i < count; i++)
        {
            newestFirst[i] = recent[recent.Count - 1 - i].JobId;
        }

        return Task.FromResult<IReadOnlyList<Guid>>(newestFirst);
    }

    private void EnsureRegistered()
    {
        if (!state.RecordExists)
        {
            throw new HostNotFoundException(HostId);
        }
    }

    private HostView View() => new(
        HostId, state.State.OrgId, state.State.Name, state.State.Status, state.State.CreatedAt, state.State.StatusChangedAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Host {HostId} registered in org {OrgId} by {ActorKind} {ActorId}")]
    private static partial void LogRegistered(ILogger logger, string hostId, string orgId, ActorKind actorKind, string actorId);
}

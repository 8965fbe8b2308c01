using System.Collections.Immutable;
using System.Security.Cryptography;
using GameOps.AgentProtocol.Policy;
using GameOps.Grains.Agents;
using GameOps.Grains.Audit;
using GameOps.Grains.Events;
using GameOps.Grains.GameServers;
using GameOps.Grains.Jobs;
using GameOps.Grains.Orgs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GameOps.Grains.Hosts;

public sealed partial class HostGrain(
    [PersistentState("host", StorageNames.GameOps)] IPersistentState<HostState> state,
    IGrainFactory grains,
    IDomainClock clock,
    IOptions<AgentChannelOptions> channelOptions,
    ILogger<HostGrain> logger)
    : Grain, IHostGrain
{
    /// <summary>Why a host whose credential was revoked is Offline, until an agent enrols again.</summary>
    public const string RevokedReason = "The host's credential was revoked; enrol its agent again.";

    // Enough to tell a token used twice from a wrong one across a few re-enrolments; older ones read as unknown.
    private const int SpentTokensKept = 8;

    /// <summary>Why a host that was Online is Degraded in a new activation, until its agent connects to it.</summary>
    public const string NotConnectedSinceRestartReason = "Agent not connected since the control plane restarted.";

    private readonly AgentChannelOptions _options = channelOptions.Value;

    // The agent stream this host is connected through, if any. Held only in memory: a stored observer
    // would outlive the stream it points to.
    private AgentStream? _agent;
    private DateTimeOffset _lastHeartbeatAt;

    // Since when, and until when, the gateway passes on every heartbeat of _agent's stream rather than one every
    // HostHeartbeatRefresh: asked for when a second stream of the host was refused, so the next one can tell a silent
    // stream from a live one.
    private DateTimeOffset? _everyHeartbeatSince;
    private DateTimeOffset _everyHeartbeatUntil;

    // Per server, until when a silo's viewers watch its console: told to each stream of the agent, so a stream that
    // replaces one publishes what its predecessor did. In memory: the silos renew their watches every 20 s.
    private readonly Dictionary<string, DateTimeOffset> _consoleWatches = new(StringComparer.Ordinal);

    // In memory only: while two agents share the credential, the refused one comes back within a minute and says so again.
    private readonly HostConflictTracker _conflicts = new(channelOptions.Value.ConflictClearAfter);
    private HostMetrics? _metrics;
    private DateTimeOffset _metricsPublishedAt = DateTimeOffset.MinValue;
    private readonly HostLoadHistory _load = new();

    // Per server, the evaluator of the effective policy its agent last reported (null: none, or not compiled), read from
    // the server's grain at the first job for it and replaced by each report after that (ServerPolicyReportedAsync), so
    // a job submitted through the API is checked without a call per job.
    private readonly Dictionary<string, ServerPolicy?> _policies = new(StringComparer.Ordinal);

    private IGrainTimer? _maintenance;
    private TimeSpan _maintenancePeriod;

    // Checked against its jobs by the first maintenance tick or by the agent's connect, whichever comes first.
    private HostOutbox? _outbox;

    private HostOutbox Outbox => _outbox ??= new HostOutbox(() => state.State.Outbox);

    private string HostId => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // An activation that starts Online has no stream yet (the silo that held it went away): nothing vouches for
        // the host until its agent connects, which gets one heartbeat timeout before the host is called Offline.
        // Not written: the agent's connect, or that timeout, writes the next status anyway.
        _lastHeartbeatAt = clock.UtcNow;
        if (state.State.Status is HostStatus.Online or HostStatus.Degraded)
        {
            SetStatus(HostStatus.Degraded, NotConnectedSinceRestartReason);
        }

        ArmMaintenance();
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (Outbox.Unsaved)
        {
            await WriteAsync();
        }
    }

    public async Task<HostView> RegisterAsync(RegisterHost request)
    {
        if (state.RecordExists)
        {
            throw new HostAlreadyRegisteredException(HostId);
        }

        if (request.EnrolmentTokenHash is { Length: not SHA256.HashSizeInBytes })
        {
            throw new ArgumentException("The enrolment token hash must be a SHA-256 hash.", nameof(request));
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
            Status = HostStatus.Pending,
            CreatedAt = now,
            StatusChangedAt = now,
            RegisteredBy = request.RegisteredBy,
            Enrolment = request.EnrolmentTokenHash is { } tokenHash ? new PendingEnrolment(tokenHash, now + _options.EnrolmentTokenLifetime) : null,
        };
        await this.WriteAuditedAsync(state, AuditEntries.HostRegistered(request.OrgId, now, request.RegisteredBy, HostId, request.Name), WriteAsync, logger);
        await grains.GetGrain<IOrgGrain>(request.OrgId).AddHostAsync(HostId);
        this.Publish(new HostStatusChanged(request.OrgId, now, null, request.RegisteredBy, HostId, state.State.Name, HostStatus.Pending, null, null), logger);
        LogRegistered(logger, HostId, request.OrgId, request.RegisteredBy.Kind, request.RegisteredBy.Id);
        return View();
    }

    public Task<HostView?> GetAsync() => Task.FromResult(state.RecordExists ? View() : null);

    public Task<HostLoad?> GetLoadAsync() => Task.FromResult(state.RecordExists
        ? new HostLoad(state.State.OrgId, state.State.AgentVersion,
            _agent is not null && _metrics is not null ? HostLoadPoint.Of(_lastHeartbeatAt, _metrics) : null, _load.LastHour(clock.UtcNow))
        : null);

    public Task<bool> VerifyCredentialAsync(byte[] credentialHash) =>
        Task.FromResult(state.RecordExists && CryptographicOperations.FixedTimeEquals(state.State.CredentialHash, credentialHash));

    public async Task<HostView> CreateEnrolmentAsync(string orgId, byte[] tokenHash, Actor requestedBy)
    {
        if (!state.RecordExists || orgId != state.State.OrgId)
        {
            throw new HostNotFoundException(HostId);
        }

        if (tokenHash is not { Length: SHA256.HashSizeInBytes })
        {
            throw new ArgumentException("The enrolment token hash must be a SHA-256 hash.", nameof(tokenHash));
        }

        var now = clock.UtcNow;
        state.State.Enrolment = new PendingEnrolment(tokenHash, now + _options.EnrolmentTokenLifetime);
        await this.WriteAuditedAsync(state, AuditEntries.EnrolmentCreated(orgId, now, requestedBy, HostId, state.State.Enrolment.ExpiresAt), WriteAsync, logger);
        return View();
    }

    public async Task<EnrolmentOutcome> EnrolAsync(EnrolHost request)
    {
        if (!state.RecordExists)
        {
            return EnrolmentOutcome.Unknown;
        }

        if (request.CredentialHash is not { Length: SHA256.HashSizeInBytes })
        {
            throw new ArgumentException("The credential hash must be a SHA-256 hash.", nameof(request));
        }

        var now = clock.UtcNow;
        var pending = state.State.Enrolment;
        var outcome = pending is not null && CryptographicOperations.FixedTimeEquals(pending.TokenHash, request.TokenHash)
            ? (now <= pending.ExpiresAt ? EnrolmentOutcome.Enrolled : EnrolmentOutcome.Expired)
            : state.State.SpentEnrolmentTokens.Any(spent => CryptographicOperations.FixedTimeEquals(spent, request.TokenHash))
                ? EnrolmentOutcome.Used
                : EnrolmentOutcome.Unknown;

        var cut = outcome == EnrolmentOutcome.Enrolled ? _agent : null;
        if (outcome == EnrolmentOutcome.Enrolled)
        {
            state.State.CredentialHash = request.CredentialHash;
            state.State.Enrolment = null;
            state.State.SpentEnrolmentTokens.Add(request.TokenHash);
            if (state.State.SpentEnrolmentTokens.Count > SpentTokensKept)
            {
                state.State.SpentEnrolmentTokens.RemoveAt(0);
            }

            // The stream opened with the old credential (a lost or replaced machine) must not outlive it.
            _agent = null;
        }

        await this.WriteAuditedAsync(state, AuditEntries.EnrolmentAttempted(state.State.OrgId, now, request.Agent, HostId, outcome), WriteAsync, logger);
        if (cut is not null)
        {
            await cut.Observer.RevokeAsync();
        }

        LogEnrolment(logger, HostId, outcome, request.Agent.Address);
        return outcome;
    }

    public async Task<HostView> RevokeCredentialAsync(string orgId, Actor revokedBy)
    {
        if (!state.RecordExists || orgId != state.State.OrgId)
        {
            throw new HostNotFoundException(HostId);
        }

        var now = clock.UtcNow;
        var cut = _agent;
        _agent = null;
        state.State.CredentialHash = [];
        state.State.Enrolment = null;
        if (state.State.Status is not HostStatus.Pending)
        {
            SetStatus(HostStatus.Offline, RevokedReason);
        }

        await this.WriteAuditedAsync(state, AuditEntries.CredentialRevoked(orgId, now, revokedBy, HostId, cut is not null), WriteAsync, logger);

        // One-way, to whichever silo holds the stream: the host grain does not wait on the agent.
        if (cut is not null)
        {
            await cut.Observer.RevokeAsync();
        }

        LogRevoked(logger, HostId, revokedBy.Kind, revokedBy.Id, cut is not null);
        ArmMaintenance();
        return View();
    }

    public async Task<JobSubmission> SubmitJobAsync(SubmitJob request)
    {
        var accepted = await AcceptAsync(Guid.CreateVersion7(clock.UtcNow), request);
        if (accepted.Dispatched)
        {
            await grains.GetJobGrain(accepted.Submission.Job.Id).MarkDispatchedAsync();
        }

        return accepted.Submission;
    }

    public Task<JobAcceptance> AcceptJobAsync(Guid jobId, SubmitJob request) => AcceptAsync(jobId, request, checkPolicy: true);

    public Task ServerPolicyReportedAsync(string serverId, ServerPolicySpec effective)
    {
        _policies[serverId] = PolicyMapping.ToPolicy(effective);
        return Task.CompletedTask;
    }

    /// <param name="checkPolicy">
    /// Whether the server's effective policy is checked here (the API's submissions); the silo's own callers (schedules,
    /// probes) leave it to the agent, which checks every job itself.
    /// </param>
    private async Task<JobAcceptance> AcceptAsync(Guid jobId, SubmitJob request, bool checkPolicy = false)
    {
        // Another org's host looks exactly like one that does not exist.
        if (!state.RecordExists || request.OrgId != state.State.OrgId)
        {
            throw new HostNotFoundException(HostId);
        }

        var errors = JobRules.Validate(request);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors.Values.SelectMany(e => e)), nameof(request));
        }

        if (checkPolicy && (await EffectivePolicyAsync(request.ServerId))?.Check(request.Action, request.Arguments) is { } refusal)
        {
            throw new JobRefusedException(refusal);
        }

        var now = clock.UtcNow;
        if (request.IdempotencyKey is { } key
            && state.State.IdempotencyKeys.Find(key, now) is { } earlier
            && await grains.GetJobGrain(earlier).GetAsync() is { } replayed)
        {
            return new JobAcceptance(new JobSubmission(replayed, Created: false), Dispatched: false);
        }

        if (Outbox.Count >= _options.MaxQueuedJobs)
        {
            throw new HostQueueFullException(HostId, _options.MaxQueuedJobs);
        }

        var (_, spec, entry) = NewJob(jobId, request, now);
        var jobGrain = grains.GetJobGrain(jobId);
        if (request.IdempotencyKey is { } newKey)
        {
            state.State.IdempotencyKeys.Add(newKey, jobId, now, now + JobLimits.IdempotencyWindow);
        }

        Outbox.Add(entry);

        // The job's record and the host's outbox are written side by side, so they share one commit and one disk
        // sync; the job is sent only once both are stored. After a crash between two commits, an outbox entry whose
        // job has no record is dropped when the outbox is sent again (ResendOutboxAsync): the caller had no answer.
        var created = jobGrain.CreateAsync(spec);
        var written = WriteAsync();
        try
        {
            await Task.WhenAll(created, written);
        }
        catch
        {
            Outbox.Withdraw(entry, stored: written.IsCompletedSuccessfully);
            ArmMaintenance();
            throw;
        }

        var job = await created;
        var dispatched = false;
        if (_agent is { } agent)
        {
            // One-way: the call returns at once. The gateway's stream sends it again until the agent acknowledges it.
            await agent.Observer.AssignJobAsync(entry.Job);
            dispatched = true;
        }

        ArmMaintenance();
        return new JobAcceptance(new JobSubmission(job, Created: true), dispatched);
    }

    private async ValueTask<ServerPolicy?> EffectivePolicyAsync(string serverId)
    {
        if (_policies.TryGetValue(serverId, out var policy))
        {
            return policy;
        }

        var effective = await grains.GetGrain<IGameServerGrain>(GameServerKeys.For(HostId, serverId)).GetEffectivePolicyAsync();
        if (_policies.TryGetValue(serverId, out policy))
        {
            // A report came while this read was under way: it is the newer.
            return policy;
        }

        policy = effective is null ? null : PolicyMapping.ToPolicy(effective);

        // Only the servers the agent declares are kept, so a caller naming made-up servers cannot grow this grain.
        if (state.State.Servers.Any(server => server.Id == serverId))
        {
            _policies[serverId] = policy;
        }

        return policy;
    }

    public async Task<ImmutableArray<JobSubmission>> SubmitJobsAsync(ImmutableArray<SubmitJob> requests)
    {
        if (!state.RecordExists || requests.Any(request => request.OrgId != state.State.OrgId))
        {
            throw new HostNotFoundException(HostId);
        }

        if (requests.Length is 0 or > JobLimits.MaxJobsPerBatch)
        {
            throw new ArgumentException($"A batch holds 1 to {JobLimits.MaxJobsPerBatch} jobs.", nameof(requests));
        }

        for (var i = 0; i < requests.Length; i++)
        {
            if (JobRules.Validate(requests[i]) is { Count: > 0 } errors)
            {
                throw new ArgumentException($"jobs[{i}]: {string.Join(" ", errors.Values.SelectMany(e => e))}", nameof(requests));
            }
        }

        // Only the API submits batches: each job is checked as a single one is (AcceptJobAsync), against the policy held
        // here. A server the agent does not declare is not held, so it is read once per batch, not once per job.
        var policies = new Dictionary<string, ServerPolicy?>(StringComparer.Ordinal);
        for (var i = 0; i < requests.Length; i++)
        {
            var serverId = requests[i].ServerId;
            if (!policies.TryGetValue(serverId, out var policy))
            {
                policy = await EffectivePolicyAsync(serverId);
                policies[serverId] = policy;
            }

            if (policy?.Check(requests[i].Action, requests[i].Arguments) is { } refusal)
            {
                throw new JobRefusedException($"jobs[{i}]: {refusal}");
            }
        }

        var now = clock.UtcNow;
        var answers = new JobSubmission?[requests.Length];
        var fresh = new List<(int Index, NewJobParts Parts)>(requests.Length);
        var firstWithKey = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < requests.Length; i++)
        {
            if (requests[i].IdempotencyKey is { } key)
            {
                if (firstWithKey.ContainsKey(key))
                {
                    continue;
                }

                firstWithKey[key] = i;
                if (state.State.IdempotencyKeys.Find(key, now) is { } earlier && await grains.GetJobGrain(earlier).GetAsync() is { } replayed)
                {
                    answers[i] = new JobSubmission(replayed, Created: false);
                    continue;
                }
            }

            fresh.Add((i, NewJob(Guid.CreateVersion7(now), requests[i], now)));
        }

        if (Outbox.Count + fresh.Count > _options.MaxQueuedJobs)
        {
            throw new HostQueueFullException(HostId, _options.MaxQueuedJobs);
        }

        // The whole batch goes into the host's state first, in one write: when it fails, nothing of the batch is stored
        // and memory is put back as it was. Only then are the job records created; an outbox entry whose record a crash
        // kept from being stored is dropped when the outbox is sent again (ResendOutboxAsync), as for a single job.
        foreach (var (index, parts) in fresh)
        {
            if (requests[index].IdempotencyKey is { } newKey)
            {
                state.State.IdempotencyKeys.Add(newKey, parts.JobId, now, now + JobLimits.IdempotencyWindow);
            }

            Outbox.Add(parts.Entry);
        }

        try
        {
            await WriteAsync();
        }
        catch
        {
            foreach (var (index, parts) in fresh)
            {
                Outbox.Withdraw(parts.Entry, stored: false);
                if (requests[index].IdempotencyKey is { } newKey)
                {
                    state.State.IdempotencyKeys.Remove(newKey);
                }
            }

            ArmMaintenance();
            throw;
        }

        // With the agent connected, each job notes its own dispatch as it is created (one call, and its Queued and
        // Dispatched in one stream message); the jobs go to the agent once all are stored. Nothing here interleaves
        // that could change _agent meanwhile.
        var agent = _agent;
        var created = fresh.Select(f => agent is null
            ? grains.GetJobGrain(f.Parts.JobId).CreateAsync(f.Parts.Spec)
            : grains.GetJobGrain(f.Parts.JobId).CreateForAgentAsync(f.Parts.Spec)).ToArray();
        try
        {
            await Task.WhenAll(created);
        }
        catch
        {
            await AbandonBatchAsync(fresh.Select(f => f.Parts).ToList(), created);
            throw;
        }

        for (var n = 0; n < fresh.Count; n++)
        {
            answers[fresh[n].Index] = new JobSubmission(created[n].Result, Created: true);
        }

        for (var i = 0; i < requests.Length; i++)
        {
            answers[i] ??= answers[firstWithKey[requests[i].IdempotencyKey!]]! with { Created = false };
        }

        if (agent is not null && fresh.Count > 0)
        {
            // One-way, one message for the batch: the gateway queues all its assignments at once and flushes them together.
            await agent.Observer.AssignJobsAsync([.. fresh.Select(f => f.Parts.Entry.Job)]);
        }

        ArmMaintenance();
        return [.. answers.Select(answer => answer!)];
    }

    /// <summary>
    /// A batch whose host write was stored but some of whose job records were not: its caller hears of the failure, so
    /// none of its jobs may be sent; those that were recorded end at once, saying why.
    /// </summary>
    private async Task AbandonBatchAsync(List<NewJobParts> batch, Task<JobView>[] created)
    {
        foreach (var parts in batch)
        {
            Outbox.Withdraw(parts.Entry, stored: true);
        }

        ArmMaintenance();
        for (var n = 0; n < batch.Count; n++)
        {
            if (created[n].IsCompletedSuccessfully)
            {
                try
                {
                    await grains.GetJobGrain(batch[n].JobId).ExpireAsync("Another job of its batch could not be stored, so the batch was not submitted.");
                }
                catch (Exception exception)
                {
                    LogAbandonFailed(logger, HostId, batch[n].JobId, exception);
                }
            }
        }
    }

    private NewJobParts NewJob(Guid jobId, SubmitJob request, DateTimeOffset now)
    {
        var deadline = now + request.Timeout;
        var spec = new JobSpec(
            state.State.OrgId, HostId, request.ServerId, request.Action, request.Arguments, request.RequestedBy,
            now, deadline, request.IdempotencyKey);
        var queueExpiry = now + _options.QueueTimeout;
        var entry = new OutboxJob(
            new AgentJob(jobId, request.ServerId, request.Action, request.Arguments, deadline, request.TraceParent),
            deadline < queueExpiry ? deadline : queueExpiry);
        return new NewJobParts(jobId, spec, entry);
    }

    public async Task<JobCancellation> CancelJobAsync(string orgId, Guid jobId, Actor cancelledBy)
    {
        if (!state.RecordExists || orgId != state.State.OrgId)
        {
            throw new HostNotFoundException(HostId);
        }

        var cancellation = await grains.GetJobGrain(jobId).CancelAsync(cancelledBy);
        if (cancellation.Job.HostId != HostId)
        {
            // Not reachable through the API, which asks the job's own host; a job never leaves another host's outbox.
            return cancellation;
        }

        if (cancellation.Outcome == CancelOutcome.Cancelled && Outbox.Remove(jobId))
        {
            ArmMaintenance();
        }

        // A Queued job is told too: after a crash, a job stored as Queued may have reached the agent before it.
        if (cancellation.Outcome is CancelOutcome.Cancelled or CancelOutcome.Requested && _agent is { } agent)
        {
            await agent.Observer.CancelJobAsync(jobId);
        }

        return cancellation;
    }

    public async Task ConnectAsync(Guid connectionId, string peer, IAgentObserver observer, AgentHello hello)
    {
        EnsureRegistered();
        if (_agent is { } previous && previous.ConnectionId != connectionId)
        {
            // A live stream keeps the host: otherwise two agents with one credential would take it from each other
            // for as long as both run. One known to have missed a heartbeat is likely dead (a half-open connection, an
            // agent that restarted), and its agent, if alive after all, is refused in turn when it comes back. The same
            // agent dialling again has given its old stream up, even if the gateway has not seen that stream end yet.
            var at = clock.UtcNow;
            var silence = at - _lastHeartbeatAt;
            var sameAgent = hello.InstanceId.Length > 0 && hello.InstanceId == previous.InstanceId;
            if (!sameAgent && !KnownSilent(silence, at))
            {
                _conflicts.RecordRefusal(peer, previous.Peer, at);
                LogConflict(logger, HostId, peer, previous.Peer, silence);
                if (_everyHeartbeatSince is null || _everyHeartbeatUntil <= at)
                {
                    _everyHeartbeatSince = at;
                }

                _everyHeartbeatUntil = at + _options.ConflictClearAfter;
                await previous.Observer.ReportEveryHeartbeatAsync(_options.ConflictClearAfter);
                throw new HostAlreadyConnectedException(HostId, silence);
            }

            await previous.Observer.CloseAsync("A newer stream of this host replaced this one.");
            LogSuperseded(logger, HostId, previous.ConnectionId, previous.Peer, connectionId, peer, silence);
        }

        if (_agent?.ConnectionId != connectionId)
        {
            _everyHeartbeatSince = null;
        }

        _agent = new AgentStream(connectionId, peer, hello.InstanceId, observer);
        _lastHeartbeatAt = clock.UtcNow;

        var serversChanged = !state.State.Servers.SequenceEqual(hello.Servers, GameServerDescriptorComparer.Instance);
        var previousVersion = state.State.AgentVersion;
        if (serversChanged || previousVersion != hello.AgentVersion || state.State.Status != HostStatus.Online)
        {
            state.State.Servers = hello.Servers;
            state.State.AgentVersion = hello.AgentVersion;
            SetStatus(HostStatus.Online, reason: null);
            await WriteAsync();
        }

        if (previousVersion != hello.AgentVersion)
        {
            this.Publish(new HostAgentVersionChanged(state.State.OrgId, clock.UtcNow, null, null, HostId, hello.AgentVersion, previousVersion), logger);
        }

        if (serversChanged)
        {
            await Task.WhenAll(hello.Servers.Select(server =>
                grains.GetGrain<IGameServerGrain>(GameServerKeys.For(HostId, server.Id)).DeclareAsync(state.State.OrgId, server)));
        }

        LogConnected(logger, HostId, connectionId, hello.AgentVersion, hello.Servers.Length, Outbox.Count);

        var now = clock.UtcNow;
        foreach (var (serverId, until) in _consoleWatches.ToArray())
        {
            if (until > now)
            {
                await observer.WatchConsoleAsync(serverId, until - now);
            }
            else
            {
                _consoleWatches.Remove(serverId);
            }
        }

        await ResendOutboxAsync(observer);

        ArmMaintenance();
    }

    public async Task<bool> HeartbeatAsync(Guid connectionId, HostMetrics metrics)
    {
        if (_agent?.ConnectionId != connectionId)
        {
            return false;
        }

        _lastHeartbeatAt = clock.UtcNow;
        _metrics = metrics;
        _load.Record(HostLoadPoint.Of(_lastHeartbeatAt, metrics));
        if (_lastHeartbeatAt - _metricsPublishedAt >= HostMetricsReported.MinInterval)
        {
            _metricsPublishedAt = _lastHeartbeatAt;
            this.Publish(new HostMetricsReported(state.State.OrgId, _lastHeartbeatAt, null, null, HostId, metrics), logger);
        }

        if (state.State.Status != HostStatus.Online)
        {
            SetStatus(HostStatus.Online, reason: null);
            await WriteAsync();
        }

        return true;
    }

    public Task JobFinishedAsync(Guid jobId)
    {
        if (Outbox.Remove(jobId))
        {
            ArmMaintenance();
        }

        return Task.CompletedTask;
    }

    public Task WatchConsoleAsync(string serverId, TimeSpan lease)
    {
        var until = clock.UtcNow + lease;
        if (!_consoleWatches.TryGetValue(serverId, out var current) || current < until)
        {
            _consoleWatches[serverId] = until;
        }

        return _agent is { } agent ? agent.Observer.WatchConsoleAsync(serverId, lease) : Task.CompletedTask;
    }

    public Task SendPolicyAsync(string serverId, ServerPolicySpec? narrowing) =>
        _agent is { } agent ? agent.Observer.UpdatePolicyAsync(serverId, narrowing) : Task.CompletedTask;

    public async Task DisconnectAsync(Guid connectionId, DisconnectReason reason)
    {
        if (_agent?.ConnectionId != connectionId)
        {
            return;
        }

        _agent = null;
        LogDisconnected(logger, HostId, connectionId, reason);
        if (reason != DisconnectReason.Superseded && state.State.Status != HostStatus.Offline)
        {
            SetStatus(HostStatus.Offline, reason == DisconnectReason.HeartbeatsMissed ? NoHeartbeatReason(_options.HeartbeatTimeout) : "The agent's stream ended.");
            await WriteAsync();
        }
    }

    /// <summary>
    /// Sends every unfinished job in the outbox: the agent answers one it already ran from its journal. Each job
    /// grain is asked first, because a job may have finished after the outbox was last written (and an agent that
    /// ran many jobs since may no longer remember it), or may have no record at all (a crash split its commit from
    /// the outbox's before the caller was answered).
    /// </summary>
    private async Task ResendOutboxAsync(IAgentObserver observer)
    {
        var outbox = Outbox.Snapshot();
        var jobs = await Task.WhenAll(outbox.Select(entry => DispatchIfRecordedAsync(grains.GetJobGrain(entry.Job.JobId))));
        var cancelled = jobs.Where(job => job is { IsFinished: false, CancelRequestedAt: not null }).Select(job => job!.Id).ToHashSet();
        foreach (var entry in Outbox.KeepUnfinished(outbox, jobs))
        {
            await observer.AssignJobAsync(entry.Job);
            if (cancelled.Contains(entry.Job.JobId))
            {
                // After the assignment, on the same stream: an agent that has not started the job answers Cancelled.
                await observer.CancelJobAsync(entry.Job.JobId);
            }
        }
    }

    private static async Task<JobView?> DispatchIfRecordedAsync(IJobGrain job)
    {
        try
        {
            return await job.MarkDispatchedAsync();
        }
        catch (JobNotFoundException)
        {
            return null;
        }
    }

    private async Task WriteAsync()
    {
        await state.WriteStateAsync();
        Outbox.Saved();
    }

    /// <summary>
    /// Keeps a timer running while there is anything to watch: often while jobs are outstanding, and
    /// every heartbeat interval while the host is Online (so a host whose gateway silo died
    /// still goes Offline, while 10,000 idle connected hosts cost few timer ticks).
    /// </summary>
    private void ArmMaintenance()
    {
        TimeSpan? period = Outbox.NeedsWatching ? _options.MaintenancePeriod
            : _agent is not null || state.State.Status is HostStatus.Online or HostStatus.Degraded ? _options.HeartbeatInterval
            : null;
        if (period is not { } wanted)
        {
            _maintenance?.Dispose();
            _maintenance = null;
        }
        else if (_maintenance is null)
        {
            _maintenancePeriod = wanted;
            _maintenance = this.RegisterGrainTimer(_ => MaintainAsync(), new GrainTimerCreationOptions(wanted, wanted) { KeepAlive = true });
        }
        else if (_maintenancePeriod != wanted)
        {
            _maintenancePeriod = wanted;
            _maintenance.Change(wanted, wanted);
        }
    }

    private async Task MaintainAsync()
    {
        if (!Outbox.Checked && Outbox.Count > 0)
        {
            // So a host whose agent has not reconnected since a crash counts only its unfinished jobs.
            var outbox = Outbox.Snapshot();
            Outbox.KeepUnfinished(outbox, await Task.WhenAll(outbox.Select(entry => grains.GetJobGrain(entry.Job.JobId).GetAsync())));
        }

        var now = clock.UtcNow;
        var changed = false;

        if (state.State.Status is HostStatus.Online or HostStatus.Degraded && now - _lastHeartbeatAt > _options.HostSilenceLimit)
        {
            // The sweeper on the gateway's silo normally catches this; this covers a gateway silo that died, and an
            // agent that did not come back after a restart.
            LogSilent(logger, HostId, _lastHeartbeatAt);
            _agent = null;
            SetStatus(HostStatus.Offline, NoHeartbeatReason(_options.HostSilenceLimit));
            changed = true;
        }

        var sweep = Outbox.Sweep(now, agentConnected: _agent is not null);
        foreach (var entry in sweep.ExpiredUnsent)
        {
            await grains.GetJobGrain(entry.Job.JobId).ExpireAsync(
                $"The host's agent was not connected for {_options.QueueTimeout.TotalMinutes:0.#} minutes; the job expired unsent.");
        }

        if (changed || sweep.Dropped || Outbox.Unsaved)
        {
            await WriteAsync();
        }

        ArmMaintenance();
    }

    private static string NoHeartbeatReason(TimeSpan silence) =>
        $"No heartbeat from the agent for {silence.TotalSeconds:0.#} s.";

    // The host hears only some of a live stream's heartbeats (AgentChannelOptions.HostHeartbeatRefresh): a stream it has
    // not heard from for a heartbeat interval is known to be silent only once its gateway has passed on every heartbeat
    // for longer than that, or when it has been silent past the host's own limit.
    private bool KnownSilent(TimeSpan silence, DateTimeOffset now) =>
        silence > _options.HostSilenceLimit
        || (silence > _options.HeartbeatInterval && _everyHeartbeatSince is { } since && _everyHeartbeatUntil > now && now - since > _options.HeartbeatInterval);

    /// <param name="reason">Why the host is not Online, for the people who read its status; null when it is.</param>
    private void SetStatus(HostStatus status, string? reason)
    {
        state.State.StatusReason = reason;
        if (state.State.Status != status)
        {
            LogStatus(logger, HostId, state.State.Status, status);
            var previous = state.State.Status;
            state.State.Status = status;
            state.State.StatusChangedAt = clock.UtcNow;
            this.Publish(new HostStatusChanged(state.State.OrgId, state.State.StatusChangedAt, null, null, HostId, state.State.Name, status, previous, reason), logger);
        }
    }

    private void EnsureRegistered()
    {
        if (!state.RecordExists)
        {
            throw new HostNotFoundException(HostId);
        }
    }

    private HostView View()
    {
        var s = state.State;
        return new HostView(
            HostId, s.OrgId, s.Name, s.Status, s.CreatedAt, s.StatusChangedAt, s.AgentVersion,
            _agent is null ? null : _lastHeartbeatAt, _agent is null ? null : _metrics, s.Servers, Outbox.Count, s.StatusReason,
            _conflicts.Current(clock.UtcNow), s.Enrolment?.ExpiresAt);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Host {HostId} registered in org {OrgId} by {ActorKind} {ActorId}")]
    private static partial void LogRegistered(ILogger logger, string hostId, string orgId, ActorKind actorKind, string actorId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Host {HostId}: enrolment attempt from {Address}: {Outcome}")]
    private static partial void LogEnrolment(ILogger logger, string hostId, EnrolmentOutcome outcome, string? address);

    [LoggerMessage(Level = LogLevel.Information, Message = "Host {HostId}: credential revoked by {ActorKind} {ActorId}; a connected stream was cut: {WasConnected}")]
    private static partial void LogRevoked(ILogger logger, string hostId, ActorKind actorKind, string actorId, bool wasConnected);

    [LoggerMessage(Level = LogLevel.Information, Message = "Host {HostId} connected on stream {ConnectionId} (agent {AgentVersion}, {ServerCount} game servers, {OutboxCount} unfinished jobs)")]
    private static partial void LogConnected(ILogger logger, string hostId, Guid connectionId, string agentVersion, int serverCount, int outboxCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Host {HostId} stream {OldConnectionId} from {OldPeer}, silent for {Silence}, replaced by {NewConnectionId} from {NewPeer}")]
    private static partial void LogSuperseded(ILogger logger, string hostId, Guid oldConnectionId, string oldPeer, Guid newConnectionId, string newPeer, TimeSpan silence);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Host {HostId}: refused an agent stream from {RefusedPeer}, because its agent is connected from {ConnectedPeer} and sent a heartbeat {Silence} ago; are two agents running with this host's credential?")]
    private static partial void LogConflict(ILogger logger, string hostId, string refusedPeer, string connectedPeer, TimeSpan silence);

    [LoggerMessage(Level = LogLevel.Information, Message = "Host {HostId} stream {ConnectionId} disconnected: {Reason}")]
    private static partial void LogDisconnected(ILogger logger, string hostId, Guid connectionId, DisconnectReason reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Host {HostId} status {OldStatus} -> {NewStatus}")]
    private static partial void LogStatus(ILogger logger, string hostId, HostStatus oldStatus, HostStatus newStatus);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Host {HostId} has not been heard from since {LastHeartbeatAt}")]
    private static partial void LogSilent(ILogger logger, string hostId, DateTimeOffset lastHeartbeatAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Host {HostId}: job {JobId} of a batch that was not submitted could not be ended; it times out at its deadline")]
    private static partial void LogAbandonFailed(ILogger logger, string hostId, Guid jobId, Exception exception);

    private sealed record NewJobParts(Guid JobId, JobSpec Spec, OutboxJob Entry);

    private sealed record AgentStream(Guid ConnectionId, string Peer, string InstanceId, IAgentObserver Observer);
}

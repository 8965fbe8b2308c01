using System.Collections.Immutable;
using GameOps.Grains.Agents;
using GameOps.Grains.GameServers;
using GameOps.Grains.Jobs;
using Orleans.Concurrency;

namespace GameOps.Grains.Hosts;

/// <summary>
/// One machine running an edge agent, keyed by host id. Owns the host's enrolment, its hashed
/// credential, its status and the jobs sent to it.
/// </summary>
[Alias("GameOps.IHostGrain")]
public interface IHostGrain : IGrainWithStringKey
{
    /// <summary>Registers the host; fails with <see cref="HostAlreadyRegisteredException"/> if it exists.</summary>
    [Alias("Register")]
    Task<HostView> RegisterAsync(RegisterHost request);

    /// <summary>The host, or null when no host has this id.</summary>
    [Alias("Get")]
    Task<HostView?> GetAsync();

    /// <summary>The host's agent version and its load over the last hour, or null when no host has this id.</summary>
    [Alias("GetLoad")]
    Task<HostLoad?> GetLoadAsync();

    /// <summary>Whether <paramref name="credentialHash"/> (SHA-256 of the presented credential) is this host's.</summary>
    [Alias("VerifyCredential")]
    Task<bool> VerifyCredentialAsync(byte[] credentialHash);

    /// <summary>
    /// Gives the host of org <paramref name="orgId"/> a new enrolment token (by its SHA-256 hash), replacing an unused
    /// one; it expires after <c>GameOps:Agents:EnrolmentTokenLifetime</c>. The host's credential stays valid until an
    /// agent enrols with the token.
    /// </summary>
    [Alias("CreateEnrolment")]
    Task<HostView> CreateEnrolmentAsync(string orgId, byte[] tokenHash, Actor requestedBy);

    /// <summary>
    /// An agent presents an enrolment token: when it is the host's, unused and unexpired, the host's credential becomes
    /// <see cref="EnrolHost.CredentialHash"/>, the token is spent, and a stream opened with the old credential ends.
    /// Every attempt on an existing host is audited.
    /// </summary>
    [Alias("Enrol")]
    Task<EnrolmentOutcome> EnrolAsync(EnrolHost request);

    /// <summary>
    /// Revokes the credential of the host of org <paramref name="orgId"/> (and any unused enrolment token): its agent's
    /// stream ends at once, wherever it is, and the host takes no stream until an agent enrols again.
    /// </summary>
    [Alias("RevokeCredential")]
    Task<HostView> RevokeCredentialAsync(string orgId, Actor revokedBy);

    /// <summary>Creates a job for this host; durable when the task completes.</summary>
    [Alias("SubmitJob")]
    Task<JobSubmission> SubmitJobAsync(SubmitJob request);

    /// <summary>
    /// Creates job <paramref name="jobId"/> for this host as <see cref="SubmitJobAsync"/> does, for the job grain that
    /// submits itself (<see cref="IJobGrain.SubmitAsync"/>): its record is created through that grain, and
    /// <see cref="JobAcceptance.Dispatched"/> tells it the job went to the agent, which it notes itself. An idempotency
    /// key seen within its window answers the earlier job instead.
    /// </summary>
    /// <remarks>
    /// Unlike <see cref="SubmitJobAsync"/>, it first checks the job against the server's effective policy as the agent
    /// last reported it (held by this grain, see <see cref="ServerPolicyReportedAsync"/>) and throws
    /// <see cref="JobRefusedException"/>, storing nothing, when the policy refuses it: the API's callers learn at once
    /// what the agent would refuse.
    /// </remarks>
    [Alias("AcceptJob")]
    Task<JobAcceptance> AcceptJobAsync(Guid jobId, SubmitJob request);

    /// <summary>
    /// Server <paramref name="serverId"/> stored the effective policy its agent reported: the next job for it is
    /// checked against <paramref name="effective"/>. Interleaves: it only replaces what this grain holds in memory, and
    /// the server's grain calls it while this grain may be waiting for that server's grain.
    /// </summary>
    [AlwaysInterleave]
    [Alias("ServerPolicyReported")]
    Task ServerPolicyReportedAsync(string serverId, ServerPolicySpec effective);

    /// <summary>
    /// Creates up to <see cref="JobLimits.MaxJobsPerBatch"/> jobs for this host with one write of its state, answered
    /// in the order asked; durable when the task completes. All or none: when the host's write fails, no job of the
    /// batch is stored or sent.
    /// </summary>
    /// <remarks>
    /// Each job is first checked against its server's effective policy held by this grain, as
    /// <see cref="AcceptJobAsync"/> checks one: the first a policy refuses throws <see cref="JobRefusedException"/>
    /// (its message starts with <c>jobs[i]: </c>), and nothing of the batch is stored.
    /// </remarks>
    [Alias("SubmitJobs")]
    Task<ImmutableArray<JobSubmission>> SubmitJobsAsync(ImmutableArray<SubmitJob> requests);

    /// <summary>
    /// Cancels one of this host's jobs of org <paramref name="orgId"/> (see <see cref="IJobGrain.CancelAsync"/>): a
    /// Queued one leaves the outbox, the agent is told of a Dispatched one.
    /// </summary>
    [Alias("CancelJob")]
    Task<JobCancellation> CancelJobAsync(string orgId, Guid jobId, Actor cancelledBy);

    /// <summary>
    /// An authenticated agent stream said Hello: the host is Online, its game servers are recorded, and
    /// every unfinished job is (re-)sent through <paramref name="observer"/>. A newer stream replaces an older one
    /// that has missed a heartbeat; while the older one is heartbeating, the newer one is refused with
    /// <see cref="HostAlreadyConnectedException"/> and the host shows the conflict.
    /// </summary>
    /// <param name="peer">Where the stream comes from, as the gateway saw it: for logs and the conflict.</param>
    [Alias("Connect")]
    Task ConnectAsync(Guid connectionId, string peer, IAgentObserver observer, AgentHello hello);

    /// <summary>
    /// Records a heartbeat in memory; false when the grain does not know this stream (it was reactivated), so the gateway
    /// connects again. The gateway passes on one heartbeat every <c>HostHeartbeatRefresh</c>, not each one (it ends a
    /// silent stream itself), unless the host asked for every one (<see cref="IAgentObserver.ReportEveryHeartbeatAsync"/>).
    /// </summary>
    [Alias("Heartbeat")]
    Task<bool> HeartbeatAsync(Guid connectionId, HostMetrics metrics);

    /// <summary>One of this host's jobs finished (its record is stored): it leaves the outbox.</summary>
    [OneWay]
    [Alias("JobFinished")]
    Task JobFinishedAsync(Guid jobId);

    /// <summary>
    /// A silo has viewers of server <paramref name="serverId"/>'s console: the silo the agent is connected to publishes
    /// the lines it stores on the server's console stream until <paramref name="lease"/> has passed, and so does the
    /// silo of the agent's next stream, which is told on its connect. The silo calls again while its viewers stay, and
    /// before it reads the held lines for a new viewer. Lines of a server nobody watches are stored, not published.
    /// </summary>
    [Alias("WatchConsole")]
    Task WatchConsoleAsync(string serverId, TimeSpan lease);

    /// <summary>Passes a server's policy narrowing to the agent when its stream is open; on the next Hello the gateway sends it anyway.</summary>
    [Alias("SendPolicy")]
    Task SendPolicyAsync(string serverId, ServerPolicySpec? narrowing);

    [Alias("Disconnect")]
    Task DisconnectAsync(Guid connectionId, DisconnectReason reason);
}

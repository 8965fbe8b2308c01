using System.Collections.Immutable;
using GameOps.Grains.Audit;
using GameOps.Grains.GameServers;

namespace GameOps.Grains.Hosts;

[GenerateSerializer]
[Alias("GameOps.HostState")]
public sealed class HostState : IAuditedState
{
    [Id(0)] public string OrgId { get; set; } = "";
    [Id(1)] public string Name { get; set; } = "";
    [Id(2)] public byte[] CredentialHash { get; set; } = [];
    [Id(3)] public HostStatus Status { get; set; }
    [Id(4)] public DateTimeOffset CreatedAt { get; set; }
    [Id(5)] public DateTimeOffset StatusChangedAt { get; set; }

    /// <summary>Why the host is not Online (Degraded or Offline); null when it is, or when nobody knows.</summary>
    [Id(12)] public string? StatusReason { get; set; }
    [Id(6)] public Actor? RegisteredBy { get; set; }

    // Id 7 held the recent jobs as a list of records, and id 11 their ids (3.2 KB written with every job), until the
    // job history (ADR 0018) listed a host's jobs; stored states that still hold them are read without them.

    /// <summary>The idempotency keys given in the last <see cref="Jobs.JobLimits.IdempotencyWindow"/>.</summary>
    [Id(13)] public IdempotencyKeys IdempotencyKeys { get; set; } = new();

    /// <summary>Unfinished jobs in submission order: waiting for the agent, or sent and not yet reported done.</summary>
    [Id(8)] public List<OutboxJob> Outbox { get; set; } = [];

    [Id(9)] public string? AgentVersion { get; set; }

    [Id(10)] public ImmutableArray<GameServerDescriptor> Servers { get; set; } = [];

    /// <summary>The unused enrolment token's hash and expiry; null when there is none.</summary>
    [Id(14)] public PendingEnrolment? Enrolment { get; set; }

    /// <summary>The hashes of the last few tokens spent, so a second use is refused as such rather than as unknown.</summary>
    [Id(15)] public List<byte[]> SpentEnrolmentTokens { get; set; } = [];

    [NonSerialized]
    private readonly List<AuditEntry> _unwrittenAudit = [];

    List<AuditEntry> IAuditedState.UnwrittenAudit => _unwrittenAudit;
}

/// <summary>A job the host still owes its agent, with what the agent needs to run it.</summary>
// Written with every change of the host's state: reference tracking would cost a dictionary insert per entry.
[GenerateSerializer, Immutable, SuppressReferenceTracking]
[Alias("GameOps.OutboxJob")]
public sealed record OutboxJob(
    [property: Id(0)] Agents.AgentJob Job,
    [property: Id(1)] DateTimeOffset ExpiresAt);

/// <summary>An enrolment token not yet exchanged: only its SHA-256 hash is kept.</summary>
[GenerateSerializer, Immutable]
[Alias("GameOps.PendingEnrolment")]
public sealed record PendingEnrolment(
    [property: Id(0)] byte[] TokenHash,
    [property: Id(1)] DateTimeOffset ExpiresAt);

using System.Collections.Immutable;
using GameOps.Grains.GameServers;

namespace GameOps.Grains.Hosts;

[GenerateSerializer]
[Alias("GameOps.HostState")]
public sealed class HostState
{
    [Id(0)] public string OrgId { get; set; } = "";
    [Id(1)] public string Name { get; set; } = "";
    [Id(2)] public byte[] CredentialHash { get; set; } = [];
    [Id(3)] public HostStatus Status { get; set; }
    [Id(4)] public DateTimeOffset CreatedAt { get; set; }
    [Id(5)] public DateTimeOffset StatusChangedAt { get; set; }
    [Id(6)] public Actor? RegisteredBy { get; set; }

    /// <summary>The newest jobs last, bounded by <see cref="HostGrain.RecentJobLimit"/>.</summary>
    [Id(7)] public List<RecentJob> RecentJobs { get; set; } = [];

    /// <summary>Unfinished jobs in submission order: waiting for the agent, or sent and not yet reported done.</summary>
    [Id(8)] public List<OutboxJob> Outbox { get; set; } = [];

    [Id(9)] public string? AgentVersion { get; set; }

    [Id(10)] public ImmutableArray<GameServerDescriptor> Servers { get; set; } = [];
}

// Every write of a host's state carries up to 200 of these: without reference tracking the serializer skips a
// dictionary insert per record, which measured as the largest single cost of a job (docs/benchmarks.md).
[GenerateSerializer, Immutable, SuppressReferenceTracking]
[Alias("GameOps.RecentJob")]
public sealed record RecentJob(
    [property: Id(0)] Guid JobId,
    [property: Id(1)] string? IdempotencyKey);

/// <summary>A job the host still owes its agent, with what the agent needs to run it.</summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking]
[Alias("GameOps.OutboxJob")]
public sealed record OutboxJob(
    [property: Id(0)] Agents.AgentJob Job,
    [property: Id(1)] DateTimeOffset ExpiresAt);

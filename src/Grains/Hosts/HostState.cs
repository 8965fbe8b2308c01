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
}

[GenerateSerializer, Immutable]
[Alias("GameOps.RecentJob")]
public sealed record RecentJob(
    [property: Id(0)] Guid JobId,
    [property: Id(1)] string? IdempotencyKey);

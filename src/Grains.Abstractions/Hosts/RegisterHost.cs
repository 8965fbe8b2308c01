namespace GameOps.Grains.Hosts;

/// <summary>
/// Registers a host in an org, with no credential: its agent gets one by enrolling with the token whose SHA-256 hash
/// this carries (<see cref="IHostGrain.EnrolAsync"/>). Only hashes of secrets ever reach a grain.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("GameOps.RegisterHost")]
public sealed record RegisterHost(
    [property: Id(0)] string OrgId,
    [property: Id(1)] string Name,
    [property: Id(3)] Actor RegisteredBy,
    [property: Id(4)] byte[]? EnrolmentTokenHash = null);

namespace GameOps.Grains.Hosts;

/// <summary>Registers a host in an org. Only the SHA-256 hashes of its credential and its enrolment token ever reach a grain.</summary>
[GenerateSerializer, Immutable]
[Alias("GameOps.RegisterHost")]
public sealed record RegisterHost(
    [property: Id(0)] string OrgId,
    [property: Id(1)] string Name,
    [property: Id(2)] byte[] CredentialHash,
    [property: Id(3)] Actor RegisteredBy,
    [property: Id(4)] byte[]? EnrolmentTokenHash = null);

namespace GameOps.Grains.Hosts;

/// <summary>An agent presents a host's enrolment token (by its SHA-256 hash) to be given <see cref="CredentialHash"/>.</summary>
/// <param name="Agent">The agent asking, with the address it dialled from.</param>
[GenerateSerializer, Immutable]
[Alias("GameOps.EnrolHost")]
public sealed record EnrolHost(
    [property: Id(0)] byte[] TokenHash,
    [property: Id(1)] byte[] CredentialHash,
    [property: Id(2)] Actor Agent);

using GameOps.Grains.Hosts;

namespace GameOps.TestSupport;

/// <summary>A host made through the API whose token was exchanged for <see cref="Credential"/>, as its agent would.</summary>
public sealed record EnrolledHost(HostView Host, string Credential);

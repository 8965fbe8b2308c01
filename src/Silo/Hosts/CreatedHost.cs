using GameOps.Grains.Hosts;

namespace GameOps.Silo.Hosts;

/// <summary>A new host and its agent credential, which is shown this once and stored only as a hash.</summary>
public sealed record CreatedHost(HostView Host, string Credential);

using GameOps.Grains.Hosts;

namespace GameOps.Silo.Hosts;

/// <summary>
/// A new host with its enrolment token, and its agent credential for scripts that write the agent's config themselves
/// (deploy/install-agent.sh). Both are shown this once and stored only as hashes; enrolling replaces the credential.
/// </summary>
public sealed record CreatedHost(HostView Host, string Credential, HostEnrolment Enrolment);

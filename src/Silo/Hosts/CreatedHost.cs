using GameOps.Grains.Hosts;

namespace GameOps.Silo.Hosts;

/// <summary>
/// A new host with its one-time enrolment token, shown this once and stored only as a hash. The host has no credential
/// until an agent enrols with the token (the install command does).
/// </summary>
public sealed record CreatedHost(HostView Host, HostEnrolment Enrolment);

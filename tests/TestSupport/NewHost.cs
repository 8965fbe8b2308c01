using GameOps.Grains.Hosts;

namespace GameOps.TestSupport;

/// <summary>The answer to <c>POST /api/v1/hosts</c> as a client reads it: the host has no credential until an agent enrols.</summary>
public sealed record NewHost(HostView Host, NewEnrolment Enrolment);

/// <summary>A host's one-time enrolment token as the API shows it, with the install command that enrols an agent.</summary>
public sealed record NewEnrolment(string Token, DateTimeOffset ExpiresAt, string Command)
{
    public InstallCommand Install => InstallCommand.Parse(Command);
}

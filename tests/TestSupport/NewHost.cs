using GameOps.Grains.Hosts;

namespace GameOps.TestSupport;

/// <summary>The answer to <c>POST /api/v1/hosts</c> as a client reads it.</summary>
public sealed record NewHost(HostView Host, string Credential, NewEnrolment Enrolment);

/// <summary>A host's one-time enrolment token as the API shows it, with the command that enrols an agent.</summary>
public sealed record NewEnrolment(string Token, DateTimeOffset ExpiresAt, string Command);

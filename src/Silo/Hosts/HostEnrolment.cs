namespace GameOps.Silo.Hosts;

/// <summary>
/// A one-time enrolment token, shown this once and stored only as a hash, and the command that enrols an agent with it.
/// </summary>
/// <param name="Command">Run on the game host: it holds the gateway's URL, its certificate's fingerprint and the token.</param>
public sealed record HostEnrolment(string Token, DateTimeOffset ExpiresAt, string Command);

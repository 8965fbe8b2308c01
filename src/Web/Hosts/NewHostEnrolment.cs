namespace GameOps.Web.Hosts;

/// <summary>A host just added: the command that enrols its agent (holding the one-time token), shown this once.</summary>
public sealed record NewHostEnrolment(string HostId, string HostName, string Command, DateTimeOffset ExpiresAt);

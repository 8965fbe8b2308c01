namespace GameOps.Silo.Identity;

public sealed record SetupDone(string UserId, string OrgId);

namespace GameOps.Silo.Orgs;

/// <param name="UserName">For a new account; a signed-in caller joins with their own account and sends neither.</param>
public sealed record AcceptInviteRequest(string? Token, string? UserName, string? Password);

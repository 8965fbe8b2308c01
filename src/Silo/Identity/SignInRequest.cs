namespace GameOps.Silo.Identity;

public sealed record SignInRequest(string? UserName, string? Password);

namespace GameOps.Silo.Identity;

public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);

namespace GameOps.Silo.Identity;

/// <param name="SetupToken">The token the first start wrote to the data folder (<c>data/setup-token</c>).</param>
/// <param name="OrgName">The first org's name: the org everything made before setup belongs to.</param>
public sealed record SetupRequest(string? SetupToken, string? UserName, string? Password, string? OrgName);

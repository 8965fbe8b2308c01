namespace GameOps.Silo.Identity;

/// <param name="ExpiresIn">Seconds the token is valid for.</param>
public sealed record AccessTokenResponse(string AccessToken, string TokenType, int ExpiresIn);

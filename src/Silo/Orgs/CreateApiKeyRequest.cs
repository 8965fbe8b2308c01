using GameOps.Grains.Identity;

namespace GameOps.Silo.Orgs;

/// <param name="ExpiresInDays">Days until the key stops working, 1 to 3650; absent, it works until revoked.</param>
public sealed record CreateApiKeyRequest(string? Name, OrgRole? Role, int? ExpiresInDays);

using GameOps.Grains.Identity;

namespace GameOps.Silo.Orgs;

/// <summary>A new key, the only time it is shown: only its SHA-256 is kept.</summary>
public sealed record CreatedApiKey(ApiKeyView ApiKey, string Key);

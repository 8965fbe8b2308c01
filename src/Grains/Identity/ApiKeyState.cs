namespace GameOps.Grains.Identity;

[GenerateSerializer]
[Alias("GameOps.ApiKeyState")]
public sealed class ApiKeyState
{
    [Id(0)] public string? OrgId { get; set; }

    [Id(1)] public OrgRole Role { get; set; }

    [Id(2)] public byte[]? KeyHash { get; set; }

    [Id(3)] public DateTimeOffset? ExpiresAt { get; set; }

    [Id(4)] public bool Revoked { get; set; }

    /// <summary>As last stored; the activation knows a later one (<see cref="ApiKeyGrain.LastUsedWritePeriod"/>).</summary>
    [Id(5)] public DateTimeOffset? LastUsedAt { get; set; }
}

namespace GameOps.Grains.Identity;

[GenerateSerializer]
[Alias("GameOps.InviteState")]
public sealed class InviteState
{
    [Id(0)] public string? OrgId { get; set; }

    [Id(1)] public OrgRole Role { get; set; }

    [Id(2)] public byte[]? TokenHash { get; set; }

    [Id(3)] public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>Used or revoked: either way it opens nothing any more.</summary>
    [Id(4)] public bool Spent { get; set; }

    /// <summary>Spent by a revocation rather than by its use.</summary>
    [Id(5)] public bool Revoked { get; set; }
}

namespace GameOps.Grains.Platform;

[GenerateSerializer]
[Alias("GameOps.PlatformState")]
public sealed class PlatformState
{
    [Id(0)] public byte[]? AdminKeyHash { get; set; }

    [Id(1)] public byte[]? SetupTokenHash { get; set; }

    [Id(2)] public bool SetupComplete { get; set; }

    [Id(3)] public byte[]? ProtectedSigningKey { get; set; }
}

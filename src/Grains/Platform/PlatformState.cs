namespace GameOps.Grains.Platform;

[GenerateSerializer]
[Alias("GameOps.PlatformState")]
public sealed class PlatformState
{
    [Id(0)] public byte[]? AdminKeyHash { get; set; }
}

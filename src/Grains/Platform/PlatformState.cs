using GameOps.Grains.Audit;

namespace GameOps.Grains.Platform;

[GenerateSerializer]
[Alias("GameOps.PlatformState")]
public sealed class PlatformState : IAuditedState
{
    [Id(0)] public byte[]? AdminKeyHash { get; set; }

    [Id(1)] public byte[]? SetupTokenHash { get; set; }

    [Id(2)] public bool SetupComplete { get; set; }

    [Id(3)] public byte[]? ProtectedSigningKey { get; set; }

    [Id(4)] public byte[]? ProtectedGatewayCertificate { get; set; }

    [NonSerialized]
    private readonly List<AuditEntry> _unwrittenAudit = [];

    List<AuditEntry> IAuditedState.UnwrittenAudit => _unwrittenAudit;
}

using System.Collections.Immutable;
using GameOps.Grains.Audit;

namespace GameOps.Grains.GameServers;

[GenerateSerializer]
[Alias("GameOps.GameServerState")]
public sealed class GameServerState : IAuditedState
{
    [Id(0)] public string OrgId { get; set; } = "";
    [Id(1)] public string Name { get; set; } = "";
    [Id(2)] public string Kind { get; set; } = "";
    [Id(3)] public ImmutableArray<string> Capabilities { get; set; } = [];
    [Id(4)] public DateTimeOffset FirstSeenAt { get; set; }
    [Id(5)] public DateTimeOffset LastDeclaredAt { get; set; }
    [Id(6)] public ServerHealth Health { get; set; }
    [Id(7)] public string? HealthDetail { get; set; }
    [Id(8)] public DateTimeOffset? HealthChangedAt { get; set; }
    [Id(9)] public ServerPolicySpec? RequestedPolicy { get; set; }
    [Id(10)] public ServerPolicySpec? EffectivePolicy { get; set; }
    [Id(11)] public DateTimeOffset? EffectivePolicyReportedAt { get; set; }

    [NonSerialized]
    private readonly List<AuditEntry> _unwrittenAudit = [];

    List<AuditEntry> IAuditedState.UnwrittenAudit => _unwrittenAudit;
}

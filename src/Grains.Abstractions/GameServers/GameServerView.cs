using System.Collections.Immutable;

namespace GameOps.Grains.GameServers;

[GenerateSerializer, Immutable]
[Alias("GameOps.GameServerView")]
public sealed record GameServerView(
    [property: Id(0)] string HostId,
    [property: Id(1)] string ServerId,
    [property: Id(2)] string OrgId,
    [property: Id(3)] string Name,
    [property: Id(4)] string Kind,
    [property: Id(5)] ImmutableArray<string> Capabilities,
    [property: Id(6)] DateTimeOffset FirstSeenAt,
    [property: Id(7)] DateTimeOffset LastDeclaredAt,
    [property: Id(8)] ServerHealth Health,
    [property: Id(9)] string? HealthDetail,
    [property: Id(10)] DateTimeOffset? HealthChangedAt,
    [property: Id(11)] DateTimeOffset? HealthCheckedAt,
    [property: Id(12)] ServerPolicySpec? RequestedPolicy,
    [property: Id(13)] ServerPolicySpec? EffectivePolicy,
    [property: Id(14)] DateTimeOffset? EffectivePolicyReportedAt);

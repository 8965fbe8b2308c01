using GameOps.Grains.Hosts;

namespace GameOps.Silo.Tests.Storage;

/// <summary>The fields of a host state as stored before the host stopped keeping its recent job ids (id 11).</summary>
[GenerateSerializer, Alias("GameOps.Silo.Tests.Storage.HostStateWithRecentJobs")]
public sealed class HostStateWithRecentJobs
{
    [Id(0)] public string OrgId { get; set; } = "";
    [Id(1)] public string Name { get; set; } = "";
    [Id(8)] public List<OutboxJob> Outbox { get; set; } = [];
    [Id(9)] public string? AgentVersion { get; set; }
    [Id(11)] public RecentJobIds RecentJobs { get; set; } = new();
}

namespace GameOps.Grains.Orgs;

[GenerateSerializer]
[Alias("GameOps.OrgState")]
public sealed class OrgState
{
    [Id(0)] public List<string> HostIds { get; set; } = [];
}

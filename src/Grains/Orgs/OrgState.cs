using GameOps.Grains.Audit;
using GameOps.Grains.Identity;

namespace GameOps.Grains.Orgs;

[GenerateSerializer]
[Alias("GameOps.OrgState")]
public sealed class OrgState : IAuditedState
{
    [Id(0)] public List<string> HostIds { get; set; } = [];

    /// <summary>Null until the org is created; the default org's hosts predate it.</summary>
    [Id(1)] public OrgView? Org { get; set; }

    [Id(2)] public Dictionary<string, OrgMember> Members { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Every key the org made, revoked ones included, without their hashes (those are in each key's grain).</summary>
    [Id(3)] public List<ApiKeyView> ApiKeys { get; set; } = [];

    /// <summary>Invites not yet used nor revoked; expired ones are dropped as the org next changes.</summary>
    [Id(4)] public List<InviteView> Invites { get; set; } = [];

    [NonSerialized]
    private readonly List<AuditEntry> _unwrittenAudit = [];

    List<AuditEntry> IAuditedState.UnwrittenAudit => _unwrittenAudit;
}

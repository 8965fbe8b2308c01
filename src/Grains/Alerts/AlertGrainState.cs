using GameOps.Grains.Audit;

namespace GameOps.Grains.Alerts;

[GenerateSerializer]
[Alias("GameOps.AlertGrainState")]
public sealed class AlertGrainState : IAuditedState
{
    [Id(0)] public List<AlertRule> Rules { get; set; } = [];

    /// <summary>Every rule's alerts by <see cref="AlertView.Id"/>: pending, firing, and the newest resolved ones.</summary>
    [Id(1)] public Dictionary<string, AlertView> Alerts { get; set; } = [];

    [NonSerialized]
    private readonly List<AuditEntry> _unwrittenAudit = [];

    List<AuditEntry> IAuditedState.UnwrittenAudit => _unwrittenAudit;
}

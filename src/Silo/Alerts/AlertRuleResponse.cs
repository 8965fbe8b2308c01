using GameOps.Grains;
using GameOps.Grains.Alerts;

namespace GameOps.Silo.Alerts;

/// <summary>A rule as the API shows it: durations in whole seconds, as a rule is created.</summary>
public sealed record AlertRuleResponse(Guid Id, string Name, AlertKind Kind, string? HostId, int ForSeconds, DateTimeOffset CreatedAt, Actor CreatedBy, bool Paused)
{
    public static AlertRuleResponse From(AlertRule rule) =>
        new(rule.Id, rule.Name, rule.Kind, rule.HostId, (int)rule.For.TotalSeconds, rule.CreatedAt, rule.CreatedBy, rule.Paused);
}

using System.Security.Claims;
using GameOps.Grains;
using GameOps.Grains.Alerts;
using GameOps.Web.Alerts;
using GameOps.Web.Shell;

namespace GameOps.Web.Tests.Alerts;

/// <summary>The silo's side of the alerts page: rules kept in a list, changes refused with the errors a test sets.</summary>
public sealed class FakeAlertConsole : IAlertConsole
{
    public static readonly DateTimeOffset At = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    public AlertAbilities Abilities { get; set; } = new(true, true);

    public List<AlertRule> Rules { get; } = [];

    public List<(Guid RuleId, NewAlertRule Rule)> Updates { get; } = [];

    /// <summary>Thrown by the next add or change when set.</summary>
    public IReadOnlyDictionary<string, string[]>? Refuse { get; set; }

    public Task<AlertAbilities> AbilitiesAsync(ClaimsPrincipal user, string orgId) => Task.FromResult(Abilities);

    public Task<IReadOnlyList<AlertRule>> ListRulesAsync(ClaimsPrincipal user, string orgId) => Task.FromResult<IReadOnlyList<AlertRule>>([.. Rules]);

    /// <summary>The org's alerts, paged by id as the silo pages them; the cursor is the last id of the page before.</summary>
    public List<AlertView> Alerts { get; } = [];

    public List<(AlertList List, string? Cursor)> AlertReads { get; } = [];

    public Task<ConsolePage<AlertView>> ListAlertsAsync(ClaimsPrincipal user, string orgId, AlertList list, string? cursor, int limit)
    {
        AlertReads.Add((list, cursor));
        var listed = Alerts
            .Where(a => (a.Status == AlertStatus.Resolved) == (list == AlertList.Resolved))
            .Where(a => cursor is null || string.CompareOrdinal(a.Id, cursor) > 0)
            .OrderBy(a => a.Id, StringComparer.Ordinal)
            .ToList();
        var page = listed.Take(limit).ToArray();
        return Task.FromResult(new ConsolePage<AlertView>(page, listed.Count > limit ? page[^1].Id : null));
    }

    public Task<AlertRule> AddRuleAsync(ClaimsPrincipal user, string orgId, NewAlertRule rule)
    {
        ThrowIfRefused();
        Rules.Add(new AlertRule(Guid.NewGuid(), rule.Name, rule.Kind, rule.HostId, TimeSpan.FromSeconds(rule.ForSeconds), At, Creator, rule.Paused));
        return Task.FromResult(Rules[^1]);
    }

    public Task<AlertRule> UpdateRuleAsync(ClaimsPrincipal user, string orgId, Guid ruleId, NewAlertRule rule)
    {
        ThrowIfRefused();
        Updates.Add((ruleId, rule));
        var index = Rules.FindIndex(r => r.Id == ruleId);
        Rules[index] = Rules[index] with { Name = rule.Name, Kind = rule.Kind, HostId = rule.HostId, For = TimeSpan.FromSeconds(rule.ForSeconds), Paused = rule.Paused };
        return Task.FromResult(Rules[index]);
    }

    public Task DeleteRuleAsync(ClaimsPrincipal user, string orgId, Guid ruleId)
    {
        Rules.RemoveAll(r => r.Id == ruleId);
        return Task.CompletedTask;
    }

    public static readonly Actor Creator = new(ActorKind.Web, "user:ada");

    private void ThrowIfRefused()
    {
        if (Refuse is { } errors)
        {
            Refuse = null;
            throw new ConsoleFieldsException(errors);
        }
    }
}

using System.Globalization;
using System.Security.Claims;
using GameOps.Grains.Alerts;
using GameOps.Silo.Alerts;
using GameOps.Silo.Api;
using GameOps.Silo.Security.Authorization;
using GameOps.Web.Alerts;
using GameOps.Web.Shell;

namespace GameOps.Silo.WebConsole;

/// <summary>The alerts page's reads and changes, in-process, through the alert rules endpoint's own check (<see cref="AlertEndpoints.CheckRuleAsync"/>).</summary>
public sealed class SiloAlertConsole(IGrainFactory grains, WebConsoleAccess access) : IAlertConsole
{
    public async Task<AlertAbilities> AbilitiesAsync(ClaimsPrincipal user, string orgId) => new(
        await access.AllowsAsync(user, orgId, Permission.AlertsRead),
        await access.AllowsAsync(user, orgId, Permission.Alerts));

    public async Task<IReadOnlyList<AlertRule>> ListRulesAsync(ClaimsPrincipal user, string orgId)
    {
        await access.RequireAsync(user, orgId, Permission.AlertsRead);
        return await grains.GetGrain<IAlertGrain>(orgId).ListRulesAsync();
    }

    public async Task<ConsolePage<AlertView>> ListAlertsAsync(ClaimsPrincipal user, string orgId, AlertList list, string? cursor, int limit)
    {
        await access.RequireAsync(user, orgId, Permission.AlertsRead);
        var page = ConsoleListPage.Read(cursor, limit);
        var statuses = list == AlertList.Current ? AlertListing.Current : AlertListing.Resolved;
        var (alerts, next) = await AlertListing.PageAsync(grains, orgId, statuses, page);
        return new ConsolePage<AlertView>(alerts, next);
    }

    public async Task<AlertRule> AddRuleAsync(ClaimsPrincipal user, string orgId, NewAlertRule rule)
    {
        var add = await CheckAsync(user, orgId, rule);
        return await grains.GetGrain<IAlertGrain>(orgId).AddRuleAsync(add);
    }

    public async Task<AlertRule> UpdateRuleAsync(ClaimsPrincipal user, string orgId, Guid ruleId, NewAlertRule rule)
    {
        var change = await CheckAsync(user, orgId, rule);
        return await grains.GetGrain<IAlertGrain>(orgId).UpdateRuleAsync(ruleId, change)
            ?? throw new ConsoleInputException($"Alert rule '{ruleId}' does not exist.");
    }

    private async Task<AddAlertRule> CheckAsync(ClaimsPrincipal user, string orgId, NewAlertRule rule)
    {
        await access.RequireAsync(user, orgId, Permission.Alerts);
        var request = new AddAlertRule(rule.Name, rule.Kind, rule.HostId, TimeSpan.FromSeconds(rule.ForSeconds), WebConsoleAccess.ActorOf(user), rule.Paused);
        var errors = await AlertEndpoints.CheckRuleAsync(request, orgId, grains);
        return errors.Count > 0 ? throw new ConsoleFieldsException(errors) : request;
    }

    public async Task DeleteRuleAsync(ClaimsPrincipal user, string orgId, Guid ruleId)
    {
        await access.RequireAsync(user, orgId, Permission.Alerts);
        if (!await grains.GetGrain<IAlertGrain>(orgId).RemoveRuleAsync(ruleId, WebConsoleAccess.ActorOf(user)))
        {
            throw new ConsoleInputException($"Alert rule '{ruleId}' does not exist.");
        }
    }
}

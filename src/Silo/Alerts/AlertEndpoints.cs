using System.Collections.Immutable;
using System.Security.Claims;
using GameOps.Grains;
using GameOps.Grains.Alerts;
using GameOps.Silo.Api;
using GameOps.Grains.Hosts;
using GameOps.Silo.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using GameOps.Silo.Security.Authorization;

namespace GameOps.Silo.Alerts;

public static class AlertEndpoints
{
    /// <summary>
    /// How long a condition must hold when a rule does not say: long enough that a silo restart (every agent's stream
    /// ends, and reconnects within seconds) or a game server's quick restart does not page anyone.
    /// </summary>
    public const int DefaultForSeconds = 60;

    public static RouteGroupBuilder MapAlertEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/alerts", ListAlertsAsync).WithTags("Alerts").RequirePermission(Permission.AlertsRead)
            .WithSummary("The org's pending and firing alerts and its last resolved ones, a page at a time by rule and subject; status keeps only those.");
        var rules = api.MapGroup("/alert-rules").WithTags("Alerts");
        rules.MapGet("/", ListRulesAsync).RequirePermission(Permission.AlertsRead).WithSummary("The org's alert rules.");
        rules.MapPost("/", CreateRuleAsync).RequirePermission(Permission.Alerts).WithSummary("Adds an alert rule watching every host of the org, or one host and its game servers.");
        rules.MapPut("/{ruleId:guid}", UpdateRuleAsync).RequirePermission(Permission.Alerts)
            .WithSummary("Changes an alert rule in place (its id and creation kept); a rule that now watches something else, or is paused, drops its alerts.");
        rules.MapDelete("/{ruleId:guid}", DeleteRuleAsync).RequirePermission(Permission.Alerts).WithSummary("Deletes an alert rule and its alerts.");
        return api;
    }

    private static async Task<Results<Ok<AlertPage>, ValidationProblem>> ListAlertsAsync(
        string? status, string? limit, string? cursor, ClaimsPrincipal user, IGrainFactory grains)
    {
        var errors = new Dictionary<string, string[]>();
        if (!QueryValues.TryReadName<AlertStatus>(status, out var wanted))
        {
            errors["status"] = [$"The status must be one of: {string.Join(", ", Enum.GetNames<AlertStatus>())}."];
        }

        if (ListPage.Read(limit, cursor, errors) is not { } page || errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var (alerts, next) = await AlertListing.PageAsync(grains, user.GetOrgId(), wanted is { } only ? ImmutableArray.Create(only) : null, page);
        return TypedResults.Ok(new AlertPage(alerts, next));
    }

    private static Task<Results<Ok<AlertRulePage>, ValidationProblem>> ListRulesAsync(string? limit, string? cursor, ClaimsPrincipal user, IGrainFactory grains) =>
        ListPage.AnswerAsync(limit, cursor, async () => (await grains.GetGrain<IAlertGrain>(user.GetOrgId()).ListRulesAsync()).Select(AlertRuleResponse.From),
            r => r.Id.ToString(), r => r.CreatedAt, (rules, next) => new AlertRulePage(rules, next));

    private static async Task<Results<Created<AlertRuleResponse>, ValidationProblem>> CreateRuleAsync(
        CreateAlertRuleRequest? request, ClaimsPrincipal user, HttpContext http, IGrainFactory grains)
    {
        var add = ToRule(request, user.ToActor(http.Connection.RemoteIpAddress));
        var errors = await CheckRuleAsync(add, user.GetOrgId(), grains);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var rule = await grains.GetGrain<IAlertGrain>(user.GetOrgId()).AddRuleAsync(add);
        return TypedResults.Created($"/api/v1/alert-rules/{rule.Id}", AlertRuleResponse.From(rule));
    }

    /// <summary>Replaces the rule's fields with the request's, as a create reads them; its id, creation and alerts stay (see <see cref="IAlertGrain.UpdateRuleAsync"/>).</summary>
    private static async Task<Results<Ok<AlertRuleResponse>, ValidationProblem, ProblemHttpResult>> UpdateRuleAsync(
        Guid ruleId, CreateAlertRuleRequest? request, ClaimsPrincipal user, HttpContext http, IGrainFactory grains)
    {
        var change = ToRule(request, user.ToActor(http.Connection.RemoteIpAddress));
        var errors = await CheckRuleAsync(change, user.GetOrgId(), grains);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return await grains.GetGrain<IAlertGrain>(user.GetOrgId()).UpdateRuleAsync(ruleId, change) is { } rule
            ? TypedResults.Ok(AlertRuleResponse.From(rule))
            : ApiExtensions.NotFound($"Alert rule '{ruleId}' does not exist.");
    }

    private static AddAlertRule ToRule(CreateAlertRuleRequest? request, Actor actor) => new(
        request?.Name ?? "",
        request?.Kind ?? (AlertKind)(-1), // not a kind: the validation names the kinds there are
        request?.HostId,
        TimeSpan.FromSeconds(request?.ForSeconds ?? DefaultForSeconds),
        actor,
        request?.Paused ?? false);

    /// <summary>Every problem with the rule, keyed by its field as the API's 400 names it; the web console checks with this too.</summary>
    internal static async Task<Dictionary<string, string[]>> CheckRuleAsync(AddAlertRule add, string orgId, IGrainFactory grains)
    {
        var errors = AlertRules.Validate(add);

        // Another org's host looks exactly like one that does not exist.
        if (!errors.ContainsKey("hostId") && add.HostId is { } hostId
            && (!HostRules.IsValidHostId(hostId) || (await grains.GetHostGrain(hostId).GetAsync())?.OrgId != orgId))
        {
            errors["hostId"] = [$"Host '{hostId}' does not exist."];
        }

        return errors;
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteRuleAsync(Guid ruleId, ClaimsPrincipal user, HttpContext http, IGrainFactory grains) =>
        await grains.GetGrain<IAlertGrain>(user.GetOrgId()).RemoveRuleAsync(ruleId, user.ToActor(http.Connection.RemoteIpAddress))
            ? TypedResults.NoContent()
            : ApiExtensions.NotFound($"Alert rule '{ruleId}' does not exist.");
}

using Bunit;
using GameOps.Grains.Alerts;
using GameOps.Grains.Events;
using GameOps.Web.Alerts;
using GameOps.Web.Tests.Shell;
using Microsoft.Extensions.DependencyInjection;

namespace GameOps.Web.Tests.Alerts;

public sealed class AlertsPageTests
{
    [Fact]
    public async Task Change_fills_the_form_with_the_rule_and_saves_it_in_place_paused()
    {
        var alerts = new FakeAlertConsole();
        var rule = Rule("Any server down", 60);
        alerts.Rules.Add(rule);
        await using var context = await CreateAsync(alerts);
        var page = context.Render<AlertsPage>();

        await page.ClickAsync("[data-testid=edit-rule]");
        Assert.Equal("Change the rule Any server down", page.Find("[data-testid=rule-form-title]").TextContent);
        Assert.Equal("Any server down", page.Find("input[data-testid=rule-name]").GetAttribute("value"));
        page.Find("input[data-testid=rule-name]").Input("Down for 5 minutes");
        page.Find("input[data-testid=rule-for]").Change("300");
        var paused = page.Find("[data-testid=rule-paused-switch]");
        (paused.TagName == "INPUT" ? paused : paused.QuerySelector("input")!).Change(true);
        await page.ClickAsync("[data-testid=save-rule]");

        var (ruleId, sent) = Assert.Single(alerts.Updates);
        Assert.Equal((rule.Id, new NewAlertRule("Down for 5 minutes", AlertKind.ServerDown, null, 300, Paused: true)), (ruleId, sent));
        page.WaitForAssertion(() => Assert.Contains("Down for 5 minutes", page.Find($"[data-rule-id='{rule.Id}']").TextContent, StringComparison.Ordinal));
        Assert.NotNull(page.Find("[data-testid=rule-paused]"));
        Assert.Equal("Add a rule", page.Find("[data-testid=rule-form-title]").TextContent);
    }

    [Fact]
    public async Task A_refused_change_is_shown_at_its_field_and_the_form_stays_on_the_rule()
    {
        var alerts = new FakeAlertConsole { Refuse = new Dictionary<string, string[]> { ["forSeconds"] = ["forSeconds must be between 0 and 86400."] } };
        alerts.Rules.Add(Rule("Any server down", 60));
        await using var context = await CreateAsync(alerts);
        var page = context.Render<AlertsPage>();

        await page.ClickAsync("[data-testid=edit-rule]");
        await page.ClickAsync("[data-testid=save-rule]");

        Assert.Contains("forSeconds must be between 0 and 86400.", page.Markup, StringComparison.Ordinal);
        Assert.Equal("Change the rule Any server down", page.Find("[data-testid=rule-form-title]").TextContent);
        Assert.Equal("Any server down", Assert.Single(alerts.Rules).Name);
    }

    [Fact]
    public async Task Without_the_alerts_permission_the_rules_are_shown_with_no_way_to_change_them()
    {
        var alerts = new FakeAlertConsole { Abilities = new AlertAbilities(true, false) };
        alerts.Rules.Add(Rule("Any server down", 60) with { Paused = true });
        await using var context = await CreateAsync(alerts);

        var page = context.Render<AlertsPage>();

        page.WaitForElement("[data-testid=rule-paused]");
        Assert.Empty(page.FindAll("[data-testid=edit-rule]"));
        Assert.Empty(page.FindAll("[data-testid=rule-form-title]"));
    }

    [Fact]
    public async Task Resolved_alerts_are_read_a_page_at_a_time_with_the_previous_pages_cursor()
    {
        var alerts = new FakeAlertConsole();
        alerts.Alerts.AddRange(Enumerable.Range(0, AlertBoard.PageSize + 3).Select(i => Alert($"r:{i:D3}", AlertStatus.Resolved)));
        await using var context = await CreateAsync(alerts);
        var page = context.Render<AlertsPage>();

        page.WaitForAssertion(() => Assert.Equal(AlertBoard.PageSize, ResolvedRows(page)));
        await page.ClickAsync("[data-testid=more-resolved]");

        page.WaitForAssertion(() => Assert.Equal(AlertBoard.PageSize + 3, ResolvedRows(page)));
        Assert.Contains((AlertList.Resolved, $"r:{AlertBoard.PageSize - 1:D3}"), alerts.AlertReads);
        Assert.Empty(page.FindAll("[data-testid=more-resolved]"));
        Assert.Empty(page.FindAll("[data-testid=more-current]"));
    }

    [Fact]
    public async Task An_alert_that_resolves_leaves_now_and_shows_under_resolved_where_its_id_falls()
    {
        var org = new FakeOrgConsole();
        var alerts = new FakeAlertConsole();
        alerts.Alerts.Add(Alert("a:1", AlertStatus.Firing));
        alerts.Alerts.AddRange(Enumerable.Range(0, AlertBoard.PageSize + 1).Select(i => Alert($"r:{i:D3}", AlertStatus.Resolved)));
        await using var context = await ConsoleTestContext.CreateAsync(org, services: services => services.AddSingleton<IAlertConsole>(alerts));
        var page = context.Render<AlertsPage>();
        page.WaitForElement("[data-testid=alerts-current]");

        await page.InvokeAsync(() => org.SendAsync(Changed("a:1", AlertStatus.Resolved)));
        await page.InvokeAsync(() => org.SendAsync(Changed("z:9", AlertStatus.Resolved)));

        page.WaitForElement("[data-testid=alerts-none]");
        Assert.Contains("Rule a:1", page.Find("[data-testid=alerts-resolved]").TextContent, StringComparison.Ordinal);

        // z:9 comes after the last resolved alert read: the next page brings it, once.
        Assert.DoesNotContain("Rule z:9", page.Find("[data-testid=alerts-resolved]").TextContent, StringComparison.Ordinal);
        alerts.Alerts.Add(Alert("z:9", AlertStatus.Resolved));
        await page.ClickAsync("[data-testid=more-resolved]");
        page.WaitForAssertion(() => Assert.Equal(AlertBoard.PageSize + 3, ResolvedRows(page)));
        Assert.Single(page.FindAll("[data-testid=alerts-resolved] td[data-label=Rule]"), cell => cell.TextContent == "Rule z:9");
    }

    private static int ResolvedRows(IRenderedComponent<AlertsPage> page) => page.FindAll("[data-testid=alerts-resolved] tbody tr").Count;

    private static AlertView Alert(string id, AlertStatus status) => new(
        id, Guid.Empty, $"Rule {id}", AlertKind.HostOffline, "h1", "h1", status, null, FakeAlertConsole.At,
        FakeAlertConsole.At, status == AlertStatus.Resolved ? FakeAlertConsole.At : null, 1);

    private static AlertStateChanged Changed(string id, AlertStatus status) => new(
        FakeOrgConsole.OrgId, FakeAlertConsole.At, null, null, id, Guid.Empty, $"Rule {id}", AlertKind.HostOffline, "h1", "h1", status, null);

    private static AlertRule Rule(string name, int forSeconds) =>
        new(Guid.NewGuid(), name, AlertKind.ServerDown, null, TimeSpan.FromSeconds(forSeconds), FakeAlertConsole.At, FakeAlertConsole.Creator);

    private static Task<BunitContext> CreateAsync(FakeAlertConsole alerts) =>
        ConsoleTestContext.CreateAsync(new FakeOrgConsole(), services: services => services.AddSingleton<IAlertConsole>(alerts));
}

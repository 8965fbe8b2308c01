using Bunit;
using GameOps.Grains.Schedules;
using GameOps.Web.Schedules;
using GameOps.Web.Shell;
using GameOps.Web.Tests.Shell;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace GameOps.Web.Tests.Schedules;

public sealed class ScheduleEditorPageTests
{
    private const string CronProblem = "A cron expression has five fields.";

    [Fact]
    public async Task A_bad_cron_shows_the_silos_error_at_the_cron_field_and_not_at_fields_not_yet_touched()
    {
        var schedules = new FakeScheduleConsole
        {
            Check = spec => new ScheduleCheck(
                new Dictionary<string, string[]>
                {
                    ["name"] = ["A name is 1 to 100 printable characters."],
                    ["cron"] = spec.Cron.Split(' ').Length == 5 ? [] : [CronProblem],
                }.Where(e => e.Value.Length > 0).ToDictionary(),
                []),
        };
        await using var context = await CreateAsync(schedules);
        var page = context.Render<ScheduleEditorPage>();
        var cron = page.WaitForElement("input[data-testid=schedule-cron]");

        cron.Input("0 4 * *");

        Assert.Equal(CronProblem, HelperText(page, "schedule-cron"));
        Assert.DoesNotContain("A name is", page.Markup, StringComparison.Ordinal);
        Assert.Equal("0 4 * *", schedules.Checked[^1].Cron);
        page.Find("input[data-testid=schedule-cron]").Input("0 4 * * *");
        Assert.NotEqual(CronProblem, HelperText(page, "schedule-cron"));
    }

    [Fact]
    public async Task The_next_runs_are_the_silos_for_the_zone_picked_and_follow_a_new_zone()
    {
        var schedules = new FakeScheduleConsole { Check = spec => new ScheduleCheck(new Dictionary<string, string[]>(), FourInTheMorning(spec.TimeZone)) };
        await using var context = await CreateAsync(schedules);
        var page = context.Render<ScheduleEditorPage>();
        page.WaitForElement("[data-testid=next-run]");
        Assert.Equal("Sat 2026-12-05 04:00 UTC+00:00", page.FindAll("[data-testid=next-run]")[0].TextContent);

        var zone = page.FindComponent<MudAutocomplete<string>>();
        await page.InvokeAsync(() => zone.Instance.ValueChanged.InvokeAsync("America/New_York"));

        Assert.Equal("America/New_York", schedules.Checked[^1].TimeZone);
        Assert.Equal(
            ["Sat 2026-12-05 04:00 UTC-05:00", "Sun 2026-12-06 04:00 UTC-05:00", "Mon 2026-12-07 04:00 UTC-05:00", "Tue 2026-12-08 04:00 UTC-05:00", "Wed 2026-12-09 04:00 UTC-05:00"],
            page.FindAll("[data-testid=next-run]").Select(e => e.TextContent));
    }

    [Fact]
    public async Task A_zone_or_cron_with_no_next_runs_says_so()
    {
        await using var context = await CreateAsync(new FakeScheduleConsole());
        var page = context.Render<ScheduleEditorPage>();

        page.WaitForElement("[data-testid=next-runs-none]");
        Assert.Empty(page.FindAll("[data-testid=next-run]"));
    }

    [Fact]
    public async Task The_step_builder_adds_moves_and_removes_steps_and_the_schedule_is_saved_with_them_in_order()
    {
        var schedules = new FakeScheduleConsole();
        await using var context = await CreateAsync(schedules);
        var page = context.Render<ScheduleEditorPage>();
        page.WaitForElement("[data-step-index='0']");

        await page.ClickAsync("button[data-step=say]");
        page.Find("[data-step-index='1'] input[data-field=message]").Input("Restarting soon");
        await page.ClickAsync("button[data-step=wait]");
        await page.ClickAsync("button[aria-label='Move step 3 up']");
        await page.ClickAsync("button[aria-label='Remove step 1']");
        page.Find("input[data-testid=schedule-name]").Input("Nightly");
        var target = page.FindComponents<MudCheckBox<bool>>().Single(c => c.Instance.Label == "Main server on Rack 1");
        await page.InvokeAsync(() => target.Instance.ValueChanged.InvokeAsync(true));
        await page.ClickAsync("button[data-testid=save-schedule]");

        var saved = Assert.Single(schedules.Saved);
        Assert.Equal("Nightly", saved.Name);
        Assert.Equal([new ScheduleTarget("h1", "main")], saved.Targets.ToArray());
        Assert.Equal(2, saved.Steps.Length);
        Assert.Equal(new ScheduleStep(ScheduleStepKind.Wait, Seconds: 60), saved.Steps[0]);
        Assert.Equal((ScheduleStepKind.Action, "chat.say", "Restarting soon"), (saved.Steps[1].Kind, saved.Steps[1].Action, saved.Steps[1].Arguments!["message"]));
    }

    [Fact]
    public async Task Marks_that_are_not_seconds_are_an_error_at_the_steps_marks_field()
    {
        var schedules = new FakeScheduleConsole();
        await using var context = await CreateAsync(schedules);
        var page = context.Render<ScheduleEditorPage>();

        page.WaitForElement("[data-step-index='0'] input[data-field=marks]").Input("15 min, 5 min");

        Assert.Contains("Marks are whole seconds", page.Find("[data-step-index='0']").TextContent, StringComparison.Ordinal);
        await page.ClickAsync("button[data-testid=save-schedule]");
        Assert.Empty(schedules.Saved);
    }

    [Fact]
    public async Task Field_errors_the_silo_gives_on_save_are_shown_at_their_fields()
    {
        const string Gone = "Game server 'main' on host 'h1' does not exist.";
        var schedules = new FakeScheduleConsole { SaveFailure = new ConsoleFieldsException(new Dictionary<string, string[]> { ["targets[0]"] = [Gone] }) };
        await using var context = await CreateAsync(schedules);
        var page = context.Render<ScheduleEditorPage>();
        page.WaitForElement("button[data-testid=save-schedule]");

        await page.ClickAsync("button[data-testid=save-schedule]");

        Assert.Equal(Gone, page.Find("[data-error-field='targets[0]']").TextContent);
    }

    [Fact]
    public async Task Without_the_schedules_permission_the_editor_offers_no_step_buttons_and_no_save()
    {
        await using var context = await CreateAsync(new FakeScheduleConsole { Abilities = new ScheduleAbilities(Read: true, Manage: false) });
        var page = context.Render<ScheduleEditorPage>();
        page.WaitForElement("[data-testid=next-runs]");

        Assert.Empty(page.FindAll("[data-testid=save-schedule]"));
        Assert.Empty(page.FindAll("button[data-step]"));
    }

    private static Task<Bunit.BunitContext> CreateAsync(FakeScheduleConsole schedules) =>
        ConsoleTestContext.CreateAsync(new FakeOrgConsole(), services: services => services.AddSingleton<IScheduleConsole>(schedules));

    private static string HelperText(IRenderedComponent<ScheduleEditorPage> page, string testId) =>
        page.Find($"input[data-testid={testId}]").Closest(".mud-input-control")!.QuerySelector(".mud-input-helper-text")?.TextContent.Trim() ?? "";

    /// <summary>Five days at 04:00 in the zone, from 2026-12-05, as a daily '0 4 * * *' would give.</summary>
    private static IReadOnlyList<DateTimeOffset> FourInTheMorning(string zoneId)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        return [.. Enumerable.Range(0, 5).Select(day =>
        {
            var local = new DateTime(2026, 12, 5 + day, 4, 0, 0, DateTimeKind.Unspecified);
            return new DateTimeOffset(local, zone.GetUtcOffset(local));
        })];
    }
}

using System.Collections.Immutable;
using Bunit;
using GameOps.Grains.Events;
using GameOps.Grains.Jobs;
using GameOps.Web.Jobs;
using GameOps.Web.Tests.Shell;
using MudBlazor;
using static GameOps.Web.Tests.Shell.FakeServerConsole;

namespace GameOps.Web.Tests.Jobs;

public sealed class JobsPagesTests
{
    [Fact]
    public async Task Older_jobs_come_a_page_at_a_time_by_the_cursor_of_the_last_page()
    {
        var jobs = new FakeJobConsole();
        jobs.Jobs.AddRange(Enumerable.Range(1, 3).Select(n => Job(Guid.NewGuid(), "chat.say", ImmutableDictionary<string, string>.Empty, JobState.Succeeded)));
        await using var context = await ConsoleTestContext.CreateAsync(new FakeOrgConsole(), jobs: jobs);
        var page = context.Render<JobsPage>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=job-link]").Count));

        await page.ClickAsync("[data-testid=more-jobs]");

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=job-link]").Count));
        Assert.Equal([null, "2"], jobs.Lists.Select(l => l.Cursor));
        Assert.Empty(page.FindAll("[data-testid=more-jobs]"));
    }

    [Fact]
    public async Task A_listed_jobs_state_follows_the_org_events_forward_only()
    {
        var org = new FakeOrgConsole();
        var jobs = new FakeJobConsole();
        var job = Job(Guid.NewGuid(), "world.save", ImmutableDictionary<string, string>.Empty, JobState.Queued);
        jobs.Jobs.Add(job);
        await using var context = await ConsoleTestContext.CreateAsync(org, jobs: jobs);
        var page = context.Render<JobsPage>();
        page.WaitForElement("[data-testid=job-link]");

        await page.InvokeAsync(() => org.SendAsync(Changed(job, JobState.Running)));
        page.WaitForAssertion(() => Assert.Equal("Running", page.Find("[data-testid=job-state]").GetAttribute("data-state")));
        await page.InvokeAsync(() => org.SendAsync(Changed(job, JobState.Failed, "the game did not answer")));
        await page.InvokeAsync(() => org.SendAsync(Changed(job, JobState.Dispatched)));

        page.WaitForAssertion(() => Assert.Equal("Failed", page.Find("[data-testid=job-state]").GetAttribute("data-state")));
        Assert.Single(jobs.Lists);
    }

    [Fact]
    public async Task A_job_created_after_the_read_shows_on_top_of_the_first_page_once()
    {
        var org = new FakeOrgConsole();
        var jobs = new FakeJobConsole();
        var listed = Job(Guid.NewGuid(), "world.save", ImmutableDictionary<string, string>.Empty, JobState.Succeeded);
        jobs.Jobs.Add(listed);
        await using var context = await ConsoleTestContext.CreateAsync(org, jobs: jobs);
        var page = context.Render<JobsPage>();
        page.WaitForElement("[data-testid=job-link]");

        var created = Job(Guid.NewGuid(), "chat.say", ImmutableDictionary<string, string>.Empty, JobState.Queued) with { CreatedAt = At.AddMinutes(1) };
        jobs.Jobs.Insert(0, created);
        await page.InvokeAsync(() => org.SendAsync(Changed(created, JobState.Queued)));
        await page.InvokeAsync(() => org.SendAsync(Changed(created, JobState.Queued)));
        await page.InvokeAsync(() => org.SendAsync(Changed(created, JobState.Running)));

        page.WaitForAssertion(() => Assert.Equal(
            [$"/jobs/{created.Id}", $"/jobs/{listed.Id}"], page.FindAll("[data-testid=job-link]").Select(l => l.GetAttribute("href"))));
        page.WaitForAssertion(() => Assert.Equal("Running", page.FindAll("[data-testid=job-state]")[0].GetAttribute("data-state")));
        Assert.Empty(page.FindAll("[data-testid=new-jobs]"));
        Assert.All(jobs.Lists, l => Assert.Null(l.Cursor));
    }

    [Fact]
    public async Task A_job_that_comes_into_the_filtered_state_after_the_read_shows_in_its_place()
    {
        var org = new FakeOrgConsole();
        var jobs = new FakeJobConsole();
        var failed = Job(Guid.NewGuid(), "world.save", ImmutableDictionary<string, string>.Empty, JobState.Failed);
        var running = Job(Guid.NewGuid(), "chat.say", ImmutableDictionary<string, string>.Empty, JobState.Running) with { CreatedAt = At.AddMinutes(-1) };
        jobs.Jobs.AddRange([failed, running]);
        await using var context = await ConsoleTestContext.CreateAsync(org, jobs: jobs);
        var page = await SearchAsync(context, JobState.Failed);
        page.WaitForAssertion(() => Assert.Equal([$"/jobs/{failed.Id}"], page.FindAll("[data-testid=job-link]").Select(l => l.GetAttribute("href"))));

        jobs.Jobs[1] = running with { State = JobState.Failed, Error = "the game did not answer" };
        await page.InvokeAsync(() => org.SendAsync(Changed(running, JobState.Failed, "the game did not answer")));

        page.WaitForAssertion(() => Assert.Equal(
            [$"/jobs/{failed.Id}", $"/jobs/{running.Id}"], page.FindAll("[data-testid=job-link]").Select(l => l.GetAttribute("href"))));
        Assert.Equal(["Failed", "Failed"], page.FindAll("[data-testid=job-state]").Select(s => s.GetAttribute("data-state")));
        Assert.Empty(page.FindAll("[data-testid=new-jobs]"));
    }

    [Fact]
    public async Task A_job_that_leaves_the_filtered_state_stays_with_its_new_state_until_the_next_search()
    {
        var org = new FakeOrgConsole();
        var jobs = new FakeJobConsole();
        var running = Job(Guid.NewGuid(), "world.save", ImmutableDictionary<string, string>.Empty, JobState.Running);
        jobs.Jobs.Add(running);
        await using var context = await ConsoleTestContext.CreateAsync(org, jobs: jobs);
        var page = await SearchAsync(context, JobState.Running);
        page.WaitForAssertion(() => Assert.Equal("Running", page.Find("[data-testid=job-state]").GetAttribute("data-state")));

        jobs.Jobs[0] = running with { State = JobState.Succeeded };
        await page.InvokeAsync(() => org.SendAsync(Changed(running, JobState.Succeeded)));

        page.WaitForAssertion(() => Assert.Equal("Succeeded", page.Find("[data-testid=job-state]").GetAttribute("data-state")));
        await page.Find("form").SubmitAsync();
        page.WaitForElement("[data-testid=jobs-empty]");
    }

    [Fact]
    public async Task Past_the_first_page_new_jobs_are_counted_on_a_chip_that_reads_the_first_page_again()
    {
        var org = new FakeOrgConsole();
        var jobs = new FakeJobConsole();
        jobs.Jobs.AddRange(Enumerable.Range(1, 3).Select(n => Job(Guid.NewGuid(), "chat.say", ImmutableDictionary<string, string>.Empty, JobState.Succeeded)));
        await using var context = await ConsoleTestContext.CreateAsync(org, jobs: jobs);
        var page = context.Render<JobsPage>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=job-link]").Count));
        await page.ClickAsync("[data-testid=more-jobs]");
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=job-link]").Count));
        var shown = page.FindAll("[data-testid=job-link]").Select(l => l.GetAttribute("href")).ToList();

        var created = Job(Guid.NewGuid(), "chat.say", ImmutableDictionary<string, string>.Empty, JobState.Queued) with { CreatedAt = At.AddMinutes(1) };
        jobs.Jobs.Insert(0, created);
        await page.InvokeAsync(() => org.SendAsync(Changed(created, JobState.Queued)));

        page.WaitForAssertion(() => Assert.Equal("1 new job", page.Find("[data-testid=new-jobs]").TextContent.Trim()));
        Assert.Equal(shown, page.FindAll("[data-testid=job-link]").Select(l => l.GetAttribute("href")));

        await page.ClickAsync("[data-testid=new-jobs]");

        page.WaitForAssertion(() => Assert.Equal(
            [$"/jobs/{created.Id}", shown[0]], page.FindAll("[data-testid=job-link]").Select(l => l.GetAttribute("href"))));
        Assert.Empty(page.FindAll("[data-testid=new-jobs]"));
    }

    /// <summary>The jobs page, searched for the jobs in <paramref name="state"/> as a user picks it.</summary>
    private static async Task<IRenderedComponent<JobsPage>> SearchAsync(BunitContext context, JobState state)
    {
        var page = context.Render<JobsPage>();
        page.WaitForState(() => page.FindAll("[data-testid=loading]").Count == 0);
        await page.InvokeAsync(() => page.FindComponent<MudSelect<JobState?>>().Instance.ValueChanged.InvokeAsync(state));
        await page.Find("form").SubmitAsync();
        return page;
    }

    private static JobStateChanged Changed(JobView job, JobState state, string? error = null) => new(
        FakeOrgConsole.OrgId, At, null, null, job.Id, job.HostId, job.ServerId, job.Action, state, error);

    [Fact]
    public async Task A_job_shows_its_arguments_timeline_and_the_games_answer()
    {
        var jobs = new FakeJobConsole();
        var job = Job(Guid.NewGuid(), "chat.say", new Dictionary<string, string> { ["message"] = "hello" }, JobState.Succeeded, output: "Chat (from '-non-player-'): hello")
            with { DispatchedAt = At.AddSeconds(1), StartedAt = At.AddSeconds(2), FinishedAt = At.AddSeconds(3) };
        jobs.Jobs.Add(job);
        await using var context = await ConsoleTestContext.CreateAsync(new FakeOrgConsole(), jobs: jobs);

        var page = context.Render<JobDetailPage>(parameters => parameters.Add(p => p.JobId, job.Id));

        page.WaitForElement("[data-testid=job-answer]");
        Assert.Equal("Chat (from '-non-player-'): hello", page.Find("[data-testid=job-answer]").TextContent);
        Assert.Contains("hello", page.Find("[data-testid=job-arguments]").TextContent, StringComparison.Ordinal);
        Assert.Equal(["Queued", "Dispatched", "Started", "Succeeded"], page.FindAll("[data-step]").Select(s => s.GetAttribute("data-step")));
        Assert.Empty(page.FindAll("[data-testid=cancel-job]"));
    }

    [Theory]
    [InlineData(true, 1)]
    [InlineData(false, 0)]
    public async Task A_waiting_job_offers_cancel_only_to_those_allowed(bool canCancel, int buttons)
    {
        var jobs = new FakeJobConsole { CanCancel = canCancel };
        var job = Job(Guid.NewGuid(), "world.save", ImmutableDictionary<string, string>.Empty, JobState.Queued);
        jobs.Jobs.Add(job);
        await using var context = await ConsoleTestContext.CreateAsync(new FakeOrgConsole(), jobs: jobs);

        var page = context.Render<JobDetailPage>(parameters => parameters.Add(p => p.JobId, job.Id));
        page.WaitForElement("[data-testid=job-timeline]");

        Assert.Equal(buttons, page.FindAll("[data-testid=cancel-job]").Count);
        if (canCancel)
        {
            await page.ClickAsync("[data-testid=cancel-job]");
            page.WaitForElement($"[data-testid=job-state][data-state={JobState.Cancelled}]");
        }
    }
}

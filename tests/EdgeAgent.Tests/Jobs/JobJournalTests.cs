using GameOps.AgentProtocol;
using GameOps.EdgeAgent.Jobs;
using Microsoft.Extensions.Logging.Abstractions;

namespace GameOps.EdgeAgent.Tests.Jobs;

public sealed class JobJournalTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    private string JournalPath => _temp.Combine("journal.jsonl");

    public void Dispose() => _temp.Dispose();

    private JobJournal Open(int maxJobs = JobJournal.DefaultMaxJobs) =>
        JobJournal.Open(JournalPath, NullLogger<JobJournal>.Instance, TimeProvider.System, maxJobs);

    [Fact]
    public void Journal_and_the_folder_it_makes_are_owner_only()
    {
        var path = _temp.Combine("state", "journal.jsonl");
        using (var journal = JobJournal.Open(path, NullLogger<JobJournal>.Instance, TimeProvider.System))
        {
            journal.Admit("job-1", "game", "players.list");
            journal.Complete("job-1", JobResult.Success("2 players: alice 203.0.113.7, bob 203.0.113.8"));
        }

        Assert.Equal((FileModes.OwnerOnlyFolder, FileModes.OwnerOnlyFile), (FileModes.Of(_temp.Combine("state")), FileModes.Of(path)));
    }

    [Fact]
    public void Journal_an_older_agent_left_open_to_others_is_rewritten_owner_only()
    {
        File.WriteAllText(JournalPath, """{"type":"finished","jobId":"job-1","phase":"succeeded","output":"ok"}""" + "\n");
        File.SetUnixFileMode(JournalPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        using var journal = Open();

        Assert.Equal(FileModes.OwnerOnlyFile, FileModes.Of(JournalPath));
        Assert.True(journal.TryGetResult("job-1", out _));
    }

    [Fact]
    public void A_job_cancelled_before_it_started_is_answered_cancelled_even_after_a_restart()
    {
        using (var journal = Open())
        {
            Assert.True(journal.TryCancel("job-1"));
        }

        using var reopened = Open();
        var admission = reopened.Admit("job-1", "game", "players.list");

        Assert.Equal(JobAdmissionKind.AlreadyFinished, admission.Kind);
        Assert.True(admission.StoredResult!.Cancelled);
        Assert.Equal(["job-1"], reopened.Unacknowledged().Select(job => job.JobId));
    }

    [Fact]
    public void A_results_attempts_survive_a_restart()
    {
        using (var journal = Open())
        {
            journal.Admit("job-1", "game", "players.list");
            journal.Complete("job-1", JobResult.Success("answer") with { Attempts = 3 });
        }

        using var reopened = Open();

        Assert.True(reopened.TryGetResult("job-1", out var result));
        Assert.Equal(3, result.Attempts);
    }

    [Fact]
    public void A_job_that_started_cannot_be_cancelled()
    {
        using var journal = Open();
        journal.Admit("job-1", "game", "players.list");

        Assert.False(journal.TryCancel("job-1"));
        journal.Complete("job-1", JobResult.Success("answer"));
        Assert.False(journal.TryCancel("job-1"));
        Assert.True(journal.TryGetResult("job-1", out var result) && result.Succeeded);
    }

    [Fact]
    public void Started_record_is_on_disk_before_the_job_runs()
    {
        using var journal = Open();

        var admission = journal.Admit("job-1", "game", "players.list");

        Assert.Equal(JobAdmissionKind.Run, admission.Kind);
        var line = Assert.Single(ReadLines());
        Assert.Contains("\"type\":\"started\"", line, StringComparison.Ordinal);
        Assert.Contains("\"jobId\":\"job-1\"", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Finished_job_is_answered_with_its_stored_result()
    {
        using var journal = Open();
        journal.Admit("job-1", "game", "players.list");
        journal.Complete("job-1", JobResult.Success("2 players"));

        var admission = journal.Admit("job-1", "game", "players.list");

        Assert.Equal(JobAdmissionKind.AlreadyFinished, admission.Kind);
        Assert.Equal(JobResult.Success("2 players"), admission.StoredResult);
    }

    [Fact]
    public void Same_job_arriving_while_it_runs_is_not_admitted_again()
    {
        using var journal = Open();
        journal.Admit("job-1", "game", "players.list");

        Assert.Equal(JobAdmissionKind.AlreadyRunning, journal.Admit("job-1", "game", "players.list").Kind);
    }

    [Fact]
    public void Results_and_acknowledgements_survive_a_reload()
    {
        using (var journal = Open())
        {
            journal.Admit("job-1", "game", "players.list");
            journal.Complete("job-1", JobResult.Success("answer one"));
            journal.Admit("job-2", "game", "chat.say");
            journal.Complete("job-2", JobResult.Failure("refused"));
            journal.Acknowledge("job-1");
        }

        using var reopened = Open();

        Assert.Equal(JobResult.Success("answer one"), reopened.Admit("job-1", "game", "players.list").StoredResult);
        Assert.Equal(JobResult.Failure("refused"), reopened.Admit("job-2", "game", "chat.say").StoredResult);
        Assert.Equal(["job-2"], reopened.Unacknowledged().Select(job => job.JobId));
    }

    [Fact]
    public void Timed_out_result_is_answered_timed_out_after_a_reload()
    {
        var timedOut = JobResult.DeadlinePassed("the job did not finish before its deadline; game server 'game' may or may not have run it");
        using (var journal = Open())
        {
            journal.Admit("job-1", "game", "world.save");
            journal.Complete("job-1", timedOut);
        }

        using var reopened = Open();
        var stored = reopened.Admit("job-1", "game", "world.save").StoredResult;

        Assert.Equal(timedOut, stored);
        Assert.Equal(JobPhase.TimedOut, JobProcessor.ToUpdate("job-1", stored!).Phase);
    }

    [Fact]
    public void Job_started_but_never_finished_is_answered_failed_after_a_restart()
    {
        using (var journal = Open())
        {
            journal.Admit("job-1", "game", "console.raw");
        }

        using var reopened = Open();
        var admission = reopened.Admit("job-1", "game", "console.raw");

        Assert.Equal(JobAdmissionKind.AlreadyFinished, admission.Kind);
        Assert.Equal(
            JobResult.Failure(
                "the agent restarted while this job ran; console.raw is not retry-safe (only reads are), so it was not run again " +
                "and the game may or may not have done it"),
            admission.StoredResult);
        Assert.Equal(["job-1"], reopened.Unacknowledged().Select(job => job.JobId));
    }

    [Fact]
    public void Read_started_but_never_finished_runs_again_after_a_restart()
    {
        using (var journal = Open())
        {
            journal.Admit("job-1", "game", "players.list");
        }

        using var reopened = Open();
        var admission = reopened.Admit("job-1", "game", "players.list");

        Assert.Equal(JobAdmissionKind.Run, admission.Kind);
        Assert.Empty(reopened.Unacknowledged());
    }

    [Fact]
    public void Corrupt_lines_are_skipped_and_the_rest_is_loaded()
    {
        File.WriteAllLines(JournalPath,
        [
            """{"type":"started","jobId":"job-1","serverId":"game","action":"players.list"}""",
            """{"type":"finished","jobId":"job-1","phase":"succeeded","output":"ok"}""",
            "this is not json",
            """{"type":"exploded","jobId":"job-9"}""",
            """{"type":"finished","jobId":"job-2","phase":"failed","error":"nope"}""",
            """{"type":"started","jobId":"job-3","serv""",
        ]);

        using var journal = Open();

        Assert.Equal(2, journal.Count);
        Assert.True(journal.TryGetResult("job-1", out var first));
        Assert.Equal(JobResult.Success("ok"), first);
        Assert.True(journal.TryGetResult("job-2", out var second));
        Assert.Equal(JobResult.Failure("nope"), second);
        Assert.False(journal.TryGetResult("job-3", out _));
    }

    [Fact]
    public void Torn_last_line_does_not_swallow_the_next_record()
    {
        File.WriteAllText(JournalPath, """{"type":"finished","jobId":"job-1","phase":"succeeded","output":"ok"}""" + "\n" + """{"type":"sta""");
        using (var journal = Open())
        {
            journal.Admit("job-2", "game", "players.list");
            journal.Complete("job-2", JobResult.Success("two"));
        }

        using var reopened = Open();

        Assert.True(reopened.TryGetResult("job-2", out var result));
        Assert.Equal(JobResult.Success("two"), result);
    }

    [Fact]
    public void Compaction_keeps_the_newest_jobs_and_bounds_the_file()
    {
        const int maxJobs = 5;
        using (var journal = Open(maxJobs))
        {
            for (var i = 1; i <= 12; i++)
            {
                journal.Admit($"job-{i}", "game", "players.list");
                journal.Complete($"job-{i}", JobResult.Success($"answer {i}"));
                journal.Acknowledge($"job-{i}");
                Assert.InRange(ReadLines().Length, 1, 2 * maxJobs + 1);
            }

            Assert.Equal(maxJobs, journal.Count);
        }

        using var reopened = Open(maxJobs);

        Assert.Equal(Enumerable.Range(8, 5).Select(i => $"job-{i}"), Enumerable.Range(1, 12).Select(i => $"job-{i}").Where(id => reopened.TryGetResult(id, out _)));
        Assert.True(reopened.TryGetResult("job-12", out var newest));
        Assert.Equal(JobResult.Success("answer 12"), newest);
        Assert.Empty(reopened.Unacknowledged());
    }

    [Fact]
    public void A_running_job_is_never_evicted()
    {
        using var journal = Open(maxJobs: 2);
        journal.Admit("running", "game", "console.raw");
        for (var i = 1; i <= 5; i++)
        {
            journal.Admit($"job-{i}", "game", "players.list");
            journal.Complete($"job-{i}", JobResult.Success("ok"));
        }

        Assert.Equal(JobAdmissionKind.AlreadyRunning, journal.Admit("running", "game", "console.raw").Kind);
    }

    private string[] ReadLines()
    {
        // The journal keeps the file open for appending; share it to read.
        using var stream = new FileStream(JournalPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}

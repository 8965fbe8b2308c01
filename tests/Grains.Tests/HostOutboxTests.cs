using System.Collections.Immutable;
using GameOps.Grains.Agents;
using GameOps.Grains.Hosts;
using GameOps.Grains.Jobs;
using GameOps.AgentProtocol;

namespace GameOps.Grains.Tests;

/// <summary>The host's outbox without a cluster: what leaves it, when the store must hear of it, and crash recovery.</summary>
public sealed class HostOutboxTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly List<OutboxJob> _stored = [];

    private HostOutbox NewOutbox() => new(() => _stored);

    [Fact]
    public void A_finished_job_leaves_at_once_and_the_store_is_owed_a_write()
    {
        var outbox = NewOutbox();
        var entry = Entry();
        outbox.Add(entry);

        Assert.True(outbox.Remove(entry.Job.JobId));

        Assert.Equal(0, outbox.Count);
        Assert.True(outbox.Unsaved);
        Assert.True(outbox.NeedsWatching);
        outbox.Saved();
        Assert.False(outbox.NeedsWatching);
    }

    [Fact]
    public void Removing_a_job_it_does_not_hold_owes_no_write()
    {
        var outbox = NewOutbox();
        outbox.Add(Entry());

        Assert.False(outbox.Remove(Guid.NewGuid()));

        Assert.Equal(1, outbox.Count);
        Assert.False(outbox.Unsaved);
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void A_withdrawn_entry_owes_a_write_only_if_it_was_stored(bool stored, bool unsaved)
    {
        var outbox = NewOutbox();
        var entry = Entry();
        outbox.Add(entry);

        outbox.Withdraw(entry, stored);

        Assert.Equal(0, outbox.Count);
        Assert.Equal(unsaved, outbox.Unsaved);
    }

    [Fact]
    public void After_a_crash_only_entries_with_an_unfinished_job_are_kept()
    {
        _stored.AddRange([Entry(), Entry(), Entry()]);
        var outbox = NewOutbox();
        var snapshot = outbox.Snapshot();
        Assert.False(outbox.Checked);

        var left = outbox.KeepUnfinished(snapshot, [null, View(snapshot[1], JobState.Succeeded), View(snapshot[2], JobState.Dispatched)]);

        Assert.Equal([snapshot[2]], left);
        Assert.Equal([snapshot[2]], _stored);
        Assert.True(outbox.Checked);
        Assert.True(outbox.Unsaved);
    }

    [Fact]
    public void Recovery_that_finds_every_job_unfinished_owes_no_write()
    {
        _stored.Add(Entry());
        var outbox = NewOutbox();
        var snapshot = outbox.Snapshot();

        outbox.KeepUnfinished(snapshot, [View(snapshot[0], JobState.Queued)]);

        Assert.Equal(1, outbox.Count);
        Assert.False(outbox.Unsaved);
    }

    [Fact]
    public void Sweep_drops_entries_past_their_deadline_whether_or_not_an_agent_is_connected()
    {
        var outbox = NewOutbox();
        var due = Entry(deadline: Now, expiresAt: Now);
        var later = Entry(deadline: Now.AddMinutes(1), expiresAt: Now.AddMinutes(1));
        outbox.Add(due);
        outbox.Add(later);

        var sweep = outbox.Sweep(Now, agentConnected: true);

        Assert.True(sweep.Dropped);
        Assert.Empty(sweep.ExpiredUnsent);
        Assert.Equal([later], outbox.Snapshot());
    }

    [Fact]
    public void Sweep_expires_waiting_entries_only_while_no_agent_is_connected()
    {
        var outbox = NewOutbox();
        var waiting = Entry(deadline: Now.AddHours(1), expiresAt: Now);
        outbox.Add(waiting);

        Assert.False(outbox.Sweep(Now, agentConnected: true).Dropped);
        var sweep = outbox.Sweep(Now, agentConnected: false);

        Assert.True(sweep.Dropped);
        Assert.Equal([waiting], sweep.ExpiredUnsent);
        Assert.Equal(0, outbox.Count);
    }

    [Fact]
    public void The_outbox_follows_a_replaced_state_object()
    {
        var current = new List<OutboxJob>();
        var outbox = new HostOutbox(() => current);
        outbox.Add(Entry());

        current = [];

        Assert.Equal(0, outbox.Count);
    }

    private static OutboxJob Entry(DateTimeOffset? deadline = null, DateTimeOffset? expiresAt = null)
    {
        var end = deadline ?? Now.AddHours(1);
        return new OutboxJob(
            new AgentJob(Guid.NewGuid(), "main", GameActions.PlayersList, ImmutableDictionary<string, string>.Empty, end),
            expiresAt ?? end);
    }

    private static JobView View(OutboxJob entry, JobState state) => new(
        entry.Job.JobId, "org-test", "host-test", entry.Job.ServerId, entry.Job.Action, entry.Job.Arguments, state,
        TestData.Admin, null, 0, Now, entry.Job.Deadline, null, null, null, null, null);
}

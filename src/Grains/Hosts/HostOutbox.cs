using GameOps.Grains.Jobs;

namespace GameOps.Grains.Hosts;

/// <summary>
/// The jobs a host still owes its agent, kept in the host's stored state, and what makes them survive a crash.
/// Finished jobs leave the outbox in memory at once and in the store with the host's next write (the next job
/// submitted, or the maintenance tick): one write in five per job. A crash in between leaves finished jobs in the
/// stored outbox, which <see cref="KeepUnfinished"/> drops rather than sending them again.
/// </summary>
/// <param name="entries">The host's stored outbox; read on every call, since the host's state object may be replaced.</param>
public sealed class HostOutbox(Func<List<OutboxJob>> entries)
{
    private List<OutboxJob> Entries => entries();

    public int Count => Entries.Count;

    /// <summary>Whether memory and the store disagree: the host's next write must not wait for the next job.</summary>
    public bool Unsaved { get; private set; }

    /// <summary>
    /// Whether the outbox this activation read has been checked against its jobs: after a crash the stored outbox may
    /// still list finished jobs, and until then it counts them.
    /// </summary>
    public bool Checked { get; private set; }

    /// <summary>Whether the host must keep a timer running for this outbox.</summary>
    public bool NeedsWatching => Count > 0 || Unsaved;

    public IReadOnlyList<OutboxJob> Snapshot() => Entries.ToArray();

    public void Add(OutboxJob entry) => Entries.Add(entry);

    /// <summary>
    /// Takes back an entry whose submission failed: its caller hears of the failure, so the job may never be sent.
    /// </summary>
    /// <param name="stored">Whether the host's write that added it went through, so the store must lose it too.</param>
    public void Withdraw(OutboxJob entry, bool stored)
    {
        Entries.Remove(entry);
        Unsaved |= stored;
    }

    /// <summary>A job finished or was cancelled: it leaves the outbox. False when it was not in it.</summary>
    public bool Remove(Guid jobId)
    {
        var index = Entries.FindIndex(e => e.Job.JobId == jobId);
        if (index < 0)
        {
            return false;
        }

        Entries.RemoveAt(index);
        Unsaved = true;
        return true;
    }

    public OutboxJob? Find(Guid jobId) => Entries.Find(e => e.Job.JobId == jobId);

    /// <summary>
    /// Drops the entries of <paramref name="outbox"/> whose job (read as <paramref name="jobs"/>, in the same order) is
    /// finished or has no record (a crash split its commit from the outbox's before the caller was answered), and
    /// returns the entries left.
    /// </summary>
    public List<OutboxJob> KeepUnfinished(IReadOnlyList<OutboxJob> outbox, IReadOnlyList<JobView?> jobs)
    {
        if (outbox.Count != jobs.Count)
        {
            throw new ArgumentException("Each outbox entry needs its job, in the same order.", nameof(jobs));
        }

        Checked = true;
        var left = new List<OutboxJob>(outbox.Count);
        for (var i = 0; i < outbox.Count; i++)
        {
            if (jobs[i] is { IsFinished: false })
            {
                left.Add(outbox[i]);
            }
            else
            {
                Entries.Remove(outbox[i]);
                Unsaved = true;
            }
        }

        return left;
    }

    /// <summary>
    /// Drops every entry past its deadline, and every entry that waited past its queue expiry while no agent was
    /// connected. Returns the latter whose deadline has not passed: their jobs must be ended in words of their own.
    /// </summary>
    public OutboxSweep Sweep(DateTimeOffset now, bool agentConnected)
    {
        var dropped = false;
        List<OutboxJob>? expired = null;
        foreach (var entry in Entries.ToArray())
        {
            var expiredUnsent = !agentConnected && now >= entry.ExpiresAt;
            if (expiredUnsent || now >= entry.Job.Deadline)
            {
                Entries.Remove(entry);
                dropped = true;
                if (expiredUnsent && now < entry.Job.Deadline)
                {
                    (expired ??= []).Add(entry);
                }
            }
        }

        return new OutboxSweep(dropped, expired ?? []);
    }

    /// <summary>The host's state, outbox included, was written.</summary>
    public void Saved() => Unsaved = false;
}

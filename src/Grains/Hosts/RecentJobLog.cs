namespace GameOps.Grains.Hosts;

/// <summary>
/// A host's most recent jobs, for listing. The ids are kept as one block of bytes, oldest first: every write of the
/// host's state (two per job) then copies a few kilobytes instead of running a codec per job, which measured as 6 % of
/// a job's CPU (docs/benchmarks.md).
/// </summary>
[GenerateSerializer]
[Alias("GameOps.RecentJobLog")]
public sealed class RecentJobLog
{
    private const int IdSize = 16;

    [Id(0)] private byte[] _ids = [];

    // Id 1 held the idempotency keys of the recent jobs until IdempotencyKeys replaced it.

    public int Count => _ids.Length / IdSize;

    /// <summary>Records a new job, forgetting the oldest ones beyond <paramref name="limit"/>.</summary>
    public void Add(Guid jobId, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var kept = Math.Min(Count, limit - 1);
        var dropped = Count - kept;

        var ids = new byte[(kept + 1) * IdSize];
        _ids.AsSpan(dropped * IdSize).CopyTo(ids);
        jobId.TryWriteBytes(ids.AsSpan(kept * IdSize));
        _ids = ids;
    }

    /// <summary>
    /// A log with <paramref name="jobIds"/> recorded after this one's, forgetting the oldest beyond
    /// <paramref name="limit"/>; this log is left as it was, so a batch that is not stored can be taken back.
    /// </summary>
    public RecentJobLog Append(IReadOnlyCollection<Guid> jobIds, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var added = Math.Min(jobIds.Count, limit);
        var kept = Math.Min(Count, limit - added);
        var ids = new byte[(kept + added) * IdSize];
        _ids.AsSpan((Count - kept) * IdSize).CopyTo(ids);
        var at = kept;
        foreach (var jobId in jobIds.Skip(jobIds.Count - added))
        {
            jobId.TryWriteBytes(ids.AsSpan(at++ * IdSize));
        }

        return new RecentJobLog { _ids = ids };
    }

    /// <summary>Up to <paramref name="limit"/> job ids, newest first.</summary>
    public Guid[] NewestFirst(int limit)
    {
        var count = Math.Clamp(limit, 0, Count);
        var ids = new Guid[count];
        for (var i = 0; i < count; i++)
        {
            ids[i] = IdAt(Count - 1 - i);
        }

        return ids;
    }

    private Guid IdAt(int index) => new(_ids.AsSpan(index * IdSize, IdSize));
}

namespace GameOps.Grains.Hosts;

/// <summary>
/// A host's most recent jobs, for listing and for idempotency keys. The ids are kept as one block of bytes, oldest
/// first: every write of the host's state (two per job) then copies a few kilobytes instead of running a codec per
/// job, which measured as 6 % of a job's CPU (docs/benchmarks.md). Only jobs submitted with a key have an entry in
/// <see cref="_keys"/>.
/// </summary>
[GenerateSerializer]
[Alias("GameOps.RecentJobLog")]
public sealed class RecentJobLog
{
    private const int IdSize = 16;

    [Id(0)] private byte[] _ids = [];
    [Id(1)] private Dictionary<string, Guid> _keys = [];

    public int Count => _ids.Length / IdSize;

    /// <summary>Records a new job, forgetting the oldest ones (and their keys) beyond <paramref name="limit"/>.</summary>
    public void Add(Guid jobId, string? idempotencyKey, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var kept = Math.Min(Count, limit - 1);
        var dropped = Count - kept;
        if (dropped > 0 && _keys.Count > 0)
        {
            var forgotten = new HashSet<Guid>(dropped);
            for (var i = 0; i < dropped; i++)
            {
                forgotten.Add(IdAt(i));
            }

            foreach (var (key, id) in _keys)
            {
                if (forgotten.Contains(id))
                {
                    _keys.Remove(key);
                }
            }
        }

        var ids = new byte[(kept + 1) * IdSize];
        _ids.AsSpan(dropped * IdSize).CopyTo(ids);
        jobId.TryWriteBytes(ids.AsSpan(kept * IdSize));
        _ids = ids;
        if (idempotencyKey is not null)
        {
            _keys[idempotencyKey] = jobId;
        }
    }

    /// <summary>The job submitted with this idempotency key, while it is among the recent ones.</summary>
    public Guid? FindByKey(string idempotencyKey) => _keys.TryGetValue(idempotencyKey, out var id) ? id : null;

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

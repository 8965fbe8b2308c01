namespace GameOps.Grains.Hosts;

/// <summary>
/// The idempotency keys a host's callers gave in the last <see cref="Jobs.JobLimits.IdempotencyWindow"/>, each with
/// its job: however many jobs ran in between, the same key finds the same job until it expires. Only keyed jobs have
/// an entry, so a host whose callers give no keys pays nothing.
/// </summary>
[GenerateSerializer]
[Alias("GameOps.IdempotencyKeys")]
public sealed class IdempotencyKeys
{
    [Id(0)] private Dictionary<string, KeyedJob> _keys = new(StringComparer.Ordinal);

    // The first time an entry expires: the map is swept only then, not on every job.
    [Id(1)] private DateTimeOffset _nextExpiry = DateTimeOffset.MaxValue;

    public int Count => _keys.Count;

    /// <summary>The job submitted with <paramref name="key"/>, unless the key has expired by <paramref name="now"/>.</summary>
    public Guid? Find(string key, DateTimeOffset now) =>
        _keys.TryGetValue(key, out var keyed) && now < keyed.ExpiresAt ? keyed.JobId : null;

    /// <summary>Records <paramref name="key"/> for <paramref name="jobId"/> until <paramref name="expiresAt"/>, and forgets expired keys.</summary>
    public void Add(string key, Guid jobId, DateTimeOffset now, DateTimeOffset expiresAt)
    {
        RemoveExpired(now);
        _keys[key] = new KeyedJob(jobId, expiresAt);
        if (expiresAt < _nextExpiry)
        {
            _nextExpiry = expiresAt;
        }
    }

    /// <summary>Forgets <paramref name="key"/>: the job it was given with was never stored.</summary>
    public void Remove(string key) => _keys.Remove(key);

    private void RemoveExpired(DateTimeOffset now)
    {
        if (now < _nextExpiry)
        {
            return;
        }

        var next = DateTimeOffset.MaxValue;
        foreach (var (key, keyed) in _keys)
        {
            if (now >= keyed.ExpiresAt)
            {
                _keys.Remove(key);
            }
            else if (keyed.ExpiresAt < next)
            {
                next = keyed.ExpiresAt;
            }
        }

        _nextExpiry = next;
    }
}

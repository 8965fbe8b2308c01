using System.Collections.Concurrent;
using GameOps.Grains.Jobs;
using Orleans.Storage;

namespace GameOps.Grains.Tests;

/// <summary>
/// Writes the tests make fail: the next state write of a grain named here throws, as a full disk would. Counts each
/// grain's state writes that were stored, too, and keeps which jobs each host had stored.
/// </summary>
public sealed class StorageFaults
{
    private readonly ConcurrentDictionary<GrainId, bool> _failNextWrite = new();
    private readonly ConcurrentDictionary<GrainId, int> _writes = new();
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Guid, long>> _jobsByHost = new(StringComparer.Ordinal);
    private long _jobsStored;

    public void FailNextWrite(IAddressable grain) => _failNextWrite[grain.GetGrainId()] = true;

    /// <summary>How many state writes of <paramref name="grain"/> were stored so far.</summary>
    public int WritesOf(IAddressable grain) => _writes.GetValueOrDefault(grain.GetGrainId());

    /// <summary>The ids of the jobs of host <paramref name="hostId"/> whose record was stored, newest first.</summary>
    public IReadOnlyList<Guid> JobsStoredFor(string hostId) =>
        _jobsByHost.TryGetValue(hostId, out var jobs) ? [.. jobs.OrderByDescending(job => job.Value).Select(job => job.Key)] : [];

    internal bool TakeWriteFault(GrainId grainId) => _failNextWrite.TryRemove(grainId, out _);

    internal void Written(GrainId grainId, object? state)
    {
        _writes.AddOrUpdate(grainId, 1, (_, count) => count + 1);
        if (state is JobGrainState { Spec: { } spec })
        {
            // Ordered by the job's first stored write: a test's clock may give many jobs the same creation time.
            _jobsByHost.GetOrAdd(spec.HostId, _ => new()).TryAdd(grainId.GetGuidKey(), Interlocked.Increment(ref _jobsStored));
        }
    }
}

/// <summary>The test cluster's grain storage: the in-memory one, with the failures <see cref="StorageFaults"/> asks for.</summary>
internal sealed class FaultableGrainStorage(IGrainStorage inner, StorageFaults faults) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (faults.TakeWriteFault(grainId))
        {
            throw new IOException($"The test failed this write of {grainId}.");
        }

        await inner.WriteStateAsync(stateName, grainId, grainState);
        faults.Written(grainId, grainState.State);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);
}

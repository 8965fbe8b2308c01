using System.Collections.Concurrent;
using Orleans.Storage;

namespace GameOps.Grains.Tests;

/// <summary>
/// Writes the tests make fail: the next state write of a grain named here throws, as a full disk would. Counts each
/// grain's state writes that were stored, too.
/// </summary>
public sealed class StorageFaults
{
    private readonly ConcurrentDictionary<GrainId, bool> _failNextWrite = new();
    private readonly ConcurrentDictionary<GrainId, int> _writes = new();

    public void FailNextWrite(IAddressable grain) => _failNextWrite[grain.GetGrainId()] = true;

    /// <summary>How many state writes of <paramref name="grain"/> were stored so far.</summary>
    public int WritesOf(IAddressable grain) => _writes.GetValueOrDefault(grain.GetGrainId());

    internal bool TakeWriteFault(GrainId grainId) => _failNextWrite.TryRemove(grainId, out _);

    internal void Written(GrainId grainId) => _writes.AddOrUpdate(grainId, 1, (_, count) => count + 1);
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
        faults.Written(grainId);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);
}

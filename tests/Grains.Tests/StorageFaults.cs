using System.Collections.Concurrent;
using Orleans.Storage;

namespace GameOps.Grains.Tests;

/// <summary>Writes the tests make fail: the next state write of a grain named here throws, as a full disk would.</summary>
public sealed class StorageFaults
{
    private readonly ConcurrentDictionary<GrainId, bool> _failNextWrite = new();

    public void FailNextWrite(IAddressable grain) => _failNextWrite[grain.GetGrainId()] = true;

    internal bool TakeWriteFault(GrainId grainId) => _failNextWrite.TryRemove(grainId, out _);
}

/// <summary>The test cluster's grain storage: the in-memory one, with the failures <see cref="StorageFaults"/> asks for.</summary>
internal sealed class FaultableGrainStorage(IGrainStorage inner, StorageFaults faults) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        faults.TakeWriteFault(grainId)
            ? Task.FromException(new IOException($"The test failed this write of {grainId}."))
            : inner.WriteStateAsync(stateName, grainId, grainState);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);
}

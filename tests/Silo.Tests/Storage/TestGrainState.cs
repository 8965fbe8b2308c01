using System.Diagnostics.CodeAnalysis;

namespace GameOps.Silo.Tests.Storage;

/// <summary>The grain's side of a storage call: what <c>IPersistentState</c> hands to a provider.</summary>
public sealed class TestGrainState<T> : IGrainState<T>
    where T : new()
{
    private T _state = new();

    [AllowNull]
    public T State
    {
        get => _state;
        set => _state = value ?? new T();
    }

    public string? ETag { get; set; }

    public bool RecordExists { get; set; }
}

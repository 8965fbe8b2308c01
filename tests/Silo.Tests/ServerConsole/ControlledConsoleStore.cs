using System.Collections.Immutable;
using System.Threading.Channels;
using GameOps.Grains.ServerConsole;
using GameOps.Silo.ServerConsole;

namespace GameOps.Silo.Tests.ServerConsole;

/// <summary>A store whose writes the test finishes (or fails) when it chooses.</summary>
internal sealed class ControlledConsoleStore(TimeSpan patience) : IConsoleLineStore
{
    private readonly Channel<ConsoleStoreWrite> _writes = Channel.CreateUnbounded<ConsoleStoreWrite>();
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public Task AppendAsync(IReadOnlyList<HostLines> lines, int heldLines, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        var write = new ConsoleStoreWrite([.. lines], heldLines);
        _writes.Writer.TryWrite(write);
        return write.Done.Task;
    }

    public async Task<ConsoleStoreWrite> NextAsync() => await _writes.Reader.ReadAsync().AsTask().WaitAsync(patience);

    /// <summary>A write was started and not taken by <see cref="NextAsync"/> yet.</summary>
    public bool HasWrite => _writes.Reader.TryPeek(out _);

    // Nothing was stored before the test.
    public Task<ImmutableDictionary<string, ulong>> LastSequencesAsync(string hostId, CancellationToken cancellationToken = default) =>
        Task.FromResult(ImmutableDictionary<string, ulong>.Empty);

    public Task<ConsoleBacklog> ReadAsync(string hostId, string serverId, ulong after, int maxLines, CancellationToken cancellationToken = default) => throw new NotSupportedException();
}

/// <summary>One write of the controlled store: what it holds, and its commit, which the test makes.</summary>
internal sealed record ConsoleStoreWrite(ImmutableArray<HostLines> Lines, int HeldLines)
{
    public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string[] Hosts => [.. Lines.Select(l => l.HostId)];

    public string[] Describe() => [.. Lines.Select(l => $"{l.HostId} {l.Servers.Sum(s => s.Lines.Length)}")];
}

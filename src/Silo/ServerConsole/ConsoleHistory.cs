using GameOps.Grains.ServerConsole;
using Microsoft.Extensions.Options;

namespace GameOps.Silo.ServerConsole;

/// <summary>The lines a server's console holds for its viewers: the newest <see cref="ConsoleOptions.RingLines"/> stored.</summary>
public sealed class ConsoleHistory(IConsoleLineStore store, IOptions<ConsoleOptions> options)
{
    /// <summary>The held lines of the server numbered above <paramref name="after"/> (0 for all of them).</summary>
    public Task<ConsoleBacklog> ReadAsync(string hostId, string serverId, ulong after, CancellationToken cancellationToken = default) =>
        store.ReadAsync(hostId, serverId, after, options.Value.RingLines, cancellationToken);
}

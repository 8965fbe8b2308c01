using System.Collections.Immutable;

namespace GameOps.Grains.ServerConsole;

/// <summary>
/// One game server's console, keyed like its <see cref="GameServers.IGameServerGrain"/> (<c>{hostId}/{serverId}</c>):
/// the lines its agent sent, numbered by the agent, each stored once; the most recent held in memory for viewers.
/// </summary>
[Alias("GameOps.IServerConsoleGrain")]
public interface IServerConsoleGrain : IGrainWithStringKey
{
    /// <summary>
    /// Stores the lines numbered above the highest stored one (others were stored before) and publishes them on the
    /// server's console stream, and reads player events out of them by the parser of the game <paramref name="kind"/>
    /// the agent declared. Returns the highest number stored, which the agent is acknowledged.
    /// </summary>
    [Alias("Append")]
    Task<ulong> AppendAsync(string orgId, string kind, ImmutableArray<ConsoleLine> lines);

    /// <summary>The held lines numbered above <paramref name="after"/> (0 for all of them).</summary>
    [Alias("Read")]
    Task<ConsoleBacklog> ReadAsync(ulong after);
}

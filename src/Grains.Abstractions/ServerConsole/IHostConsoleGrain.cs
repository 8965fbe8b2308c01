using System.Collections.Immutable;

namespace GameOps.Grains.ServerConsole;

/// <summary>
/// The consoles of one host's game servers, keyed by the host id: the lines its agent sent, numbered by the agent per
/// server, each stored once; the most recent of each server held in memory for viewers. One grain for the host, so the
/// lines of several of its servers that arrive together are stored by one durable write.
/// </summary>
[Alias("GameOps.IHostConsoleGrain")]
public interface IHostConsoleGrain : IGrainWithStringKey
{
    /// <summary>
    /// Stores, for each server, the lines numbered above its highest stored one (others were stored before), all
    /// servers' in one write; then publishes them on the console stream of each server that is watched
    /// (<see cref="WatchAsync"/>) and reads player events out of
    /// them by the parser of the game kind the agent declared. Returns each given server's highest stored number,
    /// which its agent is acknowledged. When the write fails nothing is stored, for any of the servers.
    /// </summary>
    [Alias("Append")]
    Task<ImmutableDictionary<string, ulong>> AppendAsync(string orgId, ImmutableArray<ServerLines> batches);

    /// <summary>
    /// A silo has viewers of server <paramref name="serverId"/>'s console: the lines stored from now on are published on
    /// the server's console stream until <paramref name="lease"/> has passed, and the console stays in memory as long.
    /// The silo calls again while its viewers stay, and before it reads the held lines for a new viewer, so a line is
    /// either held for that read or published after it. Lines of a server nobody watches are held, not published.
    /// </summary>
    [Alias("Watch")]
    Task WatchAsync(string serverId, TimeSpan lease);

    /// <summary>The held lines of server <paramref name="serverId"/> numbered above <paramref name="after"/> (0 for all of them).</summary>
    [Alias("Read")]
    Task<ConsoleBacklog> ReadAsync(string serverId, ulong after);
}

using System.Collections.Immutable;

namespace GameOps.Grains.Players;

/// <summary>
/// Who is online on one game server, keyed like its <see cref="GameServers.IGameServerGrain"/> (<c>{hostId}/{serverId}</c>):
/// sessions opened and closed by the join and leave lines of its console, and reconciled with a <c>players.list</c>
/// probe every few minutes and after its agent reconnects, so a missed line leaves no ghost.
/// </summary>
[Alias("GameOps.IServerPlayersGrain")]
public interface IServerPlayersGrain : IGrainWithStringKey
{
    /// <summary>Applies the player events read from stored console lines, in their order; each arrives once.</summary>
    [Alias("Apply")]
    Task ApplyAsync(string orgId, string kind, ImmutableArray<GameEvent> events);

    /// <summary>The players online now, longest online first.</summary>
    [Alias("GetOnline")]
    Task<ImmutableArray<OnlinePlayer>> GetOnlineAsync();

    /// <summary>
    /// The server's agent said hello: its kind, and whether it lists players. Keeps the periodic probe going and probes
    /// soon (within <c>GameOps:Players:ProbeAfterConnectSpread</c>), since lines may have been missed while the agent was away.
    /// </summary>
    [Alias("AgentConnected")]
    Task AgentConnectedAsync(string orgId, string kind, bool canListPlayers);

    /// <summary>
    /// Applies what a probe that began at <paramref name="probedAt"/> listed: players it did not list are closed as
    /// left at that time, players it listed that were not known are opened then; both marked reconciled.
    /// </summary>
    [Alias("Reconcile")]
    Task ReconcileAsync(ImmutableArray<ListedPlayer> listed, DateTimeOffset probedAt);
}

namespace GameOps.Grains.Players;

/// <summary>
/// Every player session of every game server, newest first. Sessions are stored by the grain storage with the state
/// write of the players grain that opened or closed them (<see cref="IPlayerSessionsState"/>), never on their own.
/// </summary>
public interface IPlayerSessionLog
{
    /// <summary>One page of one server's sessions that <paramref name="query"/> selects, newest start first.</summary>
    Task<PlayerSessionPage> ListAsync(PlayerSessionQuery query, CancellationToken cancellationToken = default);

    /// <summary>Deletes the sessions that ended before <paramref name="cutoff"/>, never an open one; returns how many.</summary>
    Task<int> DeleteEndedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default);
}

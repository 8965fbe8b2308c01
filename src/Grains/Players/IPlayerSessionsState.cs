namespace GameOps.Grains.Players;

/// <summary>
/// A grain state whose writes carry the player sessions they opened or closed; the storage writes them to the session
/// history in the state's own transaction (as audit entries, docs/adr/0020), so the history never disagrees with who
/// the grain says is online.
/// </summary>
public interface IPlayerSessionsState
{
    /// <summary>Sessions opened or closed and not yet written; not part of the stored state, emptied once written.</summary>
    List<PlayerSession> UnwrittenSessions { get; }
}

using GameOps.EdgeAgent.Configuration;

namespace GameOps.EdgeAgent.Adapters;

/// <summary>
/// Turns typed actions into one game kind's console commands. One adapter serves every server of its kind on
/// the host and keeps whatever connections it needs per server.
/// </summary>
public interface IGameAdapter
{
    /// <summary>The game kind this adapter serves, as written in the config file (e.g. <c>source-rcon</c>).</summary>
    string Kind { get; }

    /// <summary>Every action this adapter can run; a server allows these unless its config narrows them.</summary>
    IReadOnlyList<string> SupportedActions { get; }

    /// <summary>Runs <paramref name="action"/> on <paramref name="server"/> and returns the game's answer, typed where the action has a typed result.</summary>
    /// <exception cref="GameAdapterException">
    /// The arguments are invalid or the game could not be reached or did not answer; the message is safe to send to
    /// the control plane (no password, no console address).
    /// </exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired.</exception>
    Task<GameResult> ExecuteAsync(
        GameServerConfig server,
        string action,
        IReadOnlyDictionary<string, string> arguments,
        CancellationToken cancellationToken);

    /// <summary>
    /// A cheap round trip that proves the game's console answers (the health probe). Returns when it does; throws
    /// <see cref="GameAdapterException"/> when the game is down or refuses us; is cancelled when the game hangs.
    /// </summary>
    Task ProbeAsync(GameServerConfig server, CancellationToken cancellationToken);
}

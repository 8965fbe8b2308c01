namespace GameOps.EdgeAgent.Console;

/// <summary>
/// Where the agent puts the console lines a game prints on its own (log lines, as opposed to the answer to a command
/// the agent sent), in the order the game printed them. A later step streams them to the control plane.
/// </summary>
public interface IConsoleLineSink
{
    /// <summary>
    /// Takes one line of <paramref name="serverId"/>'s console. Called in the game's order, from one reader per server
    /// at a time; must not block for long and must not throw.
    /// </summary>
    void Publish(string serverId, string line);
}

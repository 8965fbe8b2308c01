namespace GameOps.EdgeAgent.Console;

/// <summary>The sink used when no <c>consoleLogDirectory</c> is configured: console lines are read and dropped.</summary>
public sealed class NullConsoleLineSink : IConsoleLineSink
{
    public static NullConsoleLineSink Instance { get; } = new();

    public void Publish(string serverId, string line)
    {
    }
}

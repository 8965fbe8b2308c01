namespace GameOps.EdgeAgent.Console;

/// <summary>Hands each console line to the agent's own log file folder (<see cref="Archive"/>) and to the control plane's pipeline.</summary>
public sealed class ConsoleLineFanout(IConsoleLineSink archive, ConsoleLogPipeline? pipeline) : IConsoleLineSink, IDisposable
{
    /// <summary>The <c>consoleLogDirectory</c> sink, or a no-op one.</summary>
    public IConsoleLineSink Archive { get; } = archive;

    public void Publish(string serverId, string line)
    {
        Archive.Publish(serverId, line);
        pipeline?.Publish(serverId, line);
    }

    public void Dispose() => (Archive as IDisposable)?.Dispose();
}

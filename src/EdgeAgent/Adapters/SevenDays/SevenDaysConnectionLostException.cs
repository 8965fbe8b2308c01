namespace GameOps.EdgeAgent.Adapters.SevenDays;

/// <summary>The telnet connection ended (closed by the game, broken, or closed by the agent) before an answer was complete.</summary>
internal sealed class SevenDaysConnectionLostException : IOException
{
    public SevenDaysConnectionLostException()
        : base("The 7 Days to Die telnet connection was lost.")
    {
    }

    public SevenDaysConnectionLostException(string message)
        : base(message)
    {
    }

    public SevenDaysConnectionLostException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Whether the game had announced running the command (its <c>Executing command</c> line) before the loss.</summary>
    public bool CommandEchoed { get; init; }
}

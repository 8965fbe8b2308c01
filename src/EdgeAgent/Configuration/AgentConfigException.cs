namespace GameOps.EdgeAgent.Configuration;

/// <summary>
/// The agent's config file is missing, unreadable or invalid. The message names the file and every field at
/// fault, and never contains a secret's value.
/// </summary>
public sealed class AgentConfigException : Exception
{
    public AgentConfigException()
        : base("The agent config is invalid.")
    {
    }

    public AgentConfigException(string message)
        : base(message)
    {
    }

    public AgentConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Each problem found, naming its field (e.g. <c>servers[1].address must be host:port</c>).</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];
}

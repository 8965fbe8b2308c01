namespace GameOps.EdgeAgent.Adapters.Teeworlds;

/// <summary>Timing and limits of one Teeworlds econ connection.</summary>
public sealed record TeeworldsEconClientOptions
{
    /// <summary>How long connecting, the password prompt, the login and the check for <c>echo</c> may take together.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Only for a server without an <c>echo</c> command, whose answers have no end the agent can mark: how long no
    /// further line may arrive before an answer counts as complete.
    /// </summary>
    public TimeSpan QuietPeriod { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The largest answer accepted, in characters over all its lines; a larger one resets the connection.</summary>
    public int MaxResponseChars { get; init; } = 1024 * 1024;

    /// <summary>
    /// End the lines the agent sends with CRLF instead of LF; the server then ends its own lines with <c>\r\n\0</c>.
    /// Either works; this exists so both framings stay tested.
    /// </summary>
    internal bool SendCrLf { get; init; }
}

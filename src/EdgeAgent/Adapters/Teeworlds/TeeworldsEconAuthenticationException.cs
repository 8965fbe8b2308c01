namespace GameOps.EdgeAgent.Adapters.Teeworlds;

/// <summary>The econ server answered the password with <c>Wrong password N/M.</c>. The message never holds the password.</summary>
public sealed class TeeworldsEconAuthenticationException : Exception
{
    public TeeworldsEconAuthenticationException()
        : base("The Teeworlds econ server refused the password.")
    {
    }

    public TeeworldsEconAuthenticationException(string message)
        : base(message)
    {
    }

    public TeeworldsEconAuthenticationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

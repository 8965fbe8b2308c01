namespace GameOps.EdgeAgent.Adapters.SevenDays;

/// <summary>The telnet console refused the password (<c>Password incorrect, please enter password:</c>).</summary>
internal sealed class SevenDaysLoginException : Exception
{
    public SevenDaysLoginException()
        : base("The 7 Days to Die telnet console refused the password.")
    {
    }

    public SevenDaysLoginException(string message)
        : base(message)
    {
    }

    public SevenDaysLoginException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

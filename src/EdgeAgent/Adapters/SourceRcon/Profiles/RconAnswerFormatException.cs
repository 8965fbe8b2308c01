namespace GameOps.EdgeAgent.Adapters.SourceRcon.Profiles;

/// <summary>
/// A game's console answer is not in the shape its parser reads (e.g. the answer to <c>list</c> has no
/// <c>There are N of a max of M players online</c> line). The message says what was expected, never the answer itself.
/// </summary>
public sealed class RconAnswerFormatException : Exception
{
    public RconAnswerFormatException()
        : base("The game's answer is not in the expected format.")
    {
    }

    public RconAnswerFormatException(string message)
        : base(message)
    {
    }

    public RconAnswerFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

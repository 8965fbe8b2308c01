namespace GameOps.EdgeAgent.Adapters.SourceRcon.Profiles;

/// <summary>
/// The error for an argument a game's grammar cannot place into a command line safely (a <c>;</c> or <c>|</c> that
/// would start another command, a quote nothing can escape). What every argument must be first is
/// <see cref="ConsoleArguments.CheckLine"/>.
/// </summary>
internal static class ConsoleArgument
{
    /// <summary>The error for an argument that cannot be sent: <paramref name="problem"/> continues "the argument 'x' of y".</summary>
    public static GameAdapterException Refused(string action, string name, string problem) =>
        new($"the argument '{name}' of {action} {problem}");
}

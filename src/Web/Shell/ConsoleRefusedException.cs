namespace GameOps.Web.Shell;

/// <summary>The user's role in the org does not allow what the console asked; the message says why.</summary>
public sealed class ConsoleRefusedException(string message) : Exception(message);

namespace GameOps.Web.Shell;

/// <summary>A value the user typed was refused; the message says what is wrong with it.</summary>
public sealed class ConsoleInputException(string message) : Exception(message);

namespace GameOps.Silo.ServerConsole;

/// <summary>The data of a <c>line</c> event: one line of the server's console, as its agent read it.</summary>
public sealed record ConsoleLineEvent(ulong Sequence, DateTimeOffset ReadAt, string Text, bool Cut);

namespace GameOps.TestSupport;

/// <summary>A Source console command as <see cref="SourceConsoleLine.Tokenize"/> reads it.</summary>
/// <param name="Arguments">argv: the command's name, then its arguments.</param>
/// <param name="ArgS">The text after the name, from its first non-space character.</param>
public sealed record SourceCommand(IReadOnlyList<string> Arguments, string ArgS);

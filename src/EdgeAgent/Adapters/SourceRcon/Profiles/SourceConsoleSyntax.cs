namespace GameOps.EdgeAgent.Adapters.SourceRcon.Profiles;

/// <summary>
/// How the Source engine's console reads a command line, for what the agent puts into one (Source SDK 2013,
/// tier1/commandbuffer.cpp <c>CCommandBuffer::GetNextCommandLength</c> and tier1/convar.cpp <c>CCommand::Tokenize</c>):
/// a line break always ends a command; outside double quotes <c>;</c> ends one and <c>//</c> starts a comment; a quoted
/// string is one argument, and nothing escapes a <c>"</c> inside it.
/// </summary>
internal static class SourceConsoleSyntax
{
    /// <summary>
    /// <paramref name="value"/> in double quotes: one argument, whatever <c>;</c>, <c>//</c>, braces or colons it holds.
    /// <c>say</c> strips the quotes again (server/client.cpp <c>Host_Say</c>).
    /// </summary>
    /// <exception cref="GameAdapterException">The value holds a <c>"</c>, which would end the quoted string early.</exception>
    public static string Quote(string gameName, string action, string name, string value)
    {
        var quote = value.IndexOf('"', StringComparison.Ordinal);
        return quote < 0
            ? $"\"{value}\""
            : throw ConsoleArgument.Refused(
                action, name, $"must not contain '\"' (at character {quote + 1}): a {gameName} console cannot quote it; write ' instead");
    }

    /// <summary><paramref name="command"/> once the console would read it as one command (it holds no line break).</summary>
    /// <exception cref="GameAdapterException">A <c>;</c> outside quotes would start a second command.</exception>
    public static string EnsureOneCommand(string gameName, string action, string name, string command)
    {
        var quoted = false;
        for (var i = 0; i < command.Length; i++)
        {
            switch (command[i])
            {
                case '"':
                    quoted = !quoted;
                    break;
                case '/' when !quoted && i + 1 < command.Length && command[i + 1] == '/':
                    return command; // the rest of the line is a comment
                case ';' when !quoted:
                    throw ConsoleArgument.Refused(
                        action, name, $"must be one command: a {gameName} console starts another at the ';' at character {i + 1}");
            }
        }

        return command;
    }
}

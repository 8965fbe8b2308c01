namespace GameOps.EdgeAgent.Adapters.SourceRcon.Profiles;

/// <summary>
/// How an Unreal Engine console reads a command line, for ARK (Unreal Engine 4) and Palworld (Unreal Engine 5), whose
/// consoles split a line with the engine's <c>FParse::Line</c> (Runtime/Core/Private/Misc/Parse.cpp): a line break
/// always ends a command; outside double quotes <c>|</c> ends one ("command chaining") and <c>//</c> drops the rest
/// of the line. Palworld does not document its RCON grammar, so the agent holds it to the engine's.
/// </summary>
internal static class UnrealConsoleSyntax
{
    /// <summary><paramref name="value"/>, placed after a command's name, once it can neither chain a command nor cut the line short.</summary>
    /// <exception cref="GameAdapterException">The value holds <c>|</c> or <c>//</c>.</exception>
    public static string Plain(string gameName, string action, string name, string value)
    {
        var pipe = value.IndexOf('|', StringComparison.Ordinal);
        if (pipe >= 0)
        {
            throw ConsoleArgument.Refused(
                action, name, $"must not contain '|' (at character {pipe + 1}): {gameName}'s console starts another command there");
        }

        var comment = value.IndexOf("//", StringComparison.Ordinal);
        return comment < 0
            ? value
            : throw ConsoleArgument.Refused(
                action, name, $"must not contain '//' (at character {comment + 1}): {gameName}'s console drops the rest of the line after it");
    }

    /// <summary><paramref name="command"/> once the console would read it as one command (it holds no line break).</summary>
    /// <exception cref="GameAdapterException">A <c>|</c> outside quotes would start a second command.</exception>
    public static string EnsureOneCommand(string gameName, string action, string name, string command)
    {
        var quoted = false;
        for (var i = 0; i < command.Length; i++)
        {
            if (command[i] == '"')
            {
                quoted = !quoted;
            }
            else if (command[i] == '|' && !quoted)
            {
                // FParse::Line checks for '|' before it honours a comment, so a comment does not hide one.
                throw ConsoleArgument.Refused(
                    action, name, $"must be one command: {gameName}'s console starts another at the '|' at character {i + 1}");
            }
        }

        return command;
    }
}

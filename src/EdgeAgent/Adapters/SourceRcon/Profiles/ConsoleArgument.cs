namespace GameOps.EdgeAgent.Adapters.SourceRcon.Profiles;

/// <summary>
/// What every argument must be before a game's grammar places it into a command line, and the error that names the
/// argument and the character when it cannot be sent safely.
/// </summary>
internal static class ConsoleArgument
{
    /// <summary>
    /// <paramref name="value"/> without surrounding whitespace, once it is one line of printable Unicode. A control
    /// character is refused (a line break ends the command on these consoles and NUL ends the packet body), and so is
    /// a lone surrogate, which UTF-8 cannot carry.
    /// </summary>
    /// <exception cref="GameAdapterException">The value has a control character or a lone surrogate.</exception>
    public static string PrintableLine(string action, string name, string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var character = value[i];
            if (char.IsControl(character))
            {
                throw Refused(action, name, $"must be a single line of printable text: it has {Describe(character)} at character {i + 1}");
            }

            if (char.IsHighSurrogate(character) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(character))
            {
                throw Refused(action, name, $"is not valid Unicode: it has the lone surrogate {Describe(character)} at character {i + 1}");
            }
        }

        return value.Trim();
    }

    /// <summary>The error for an argument that cannot be sent: <paramref name="problem"/> continues "the argument 'x' of y".</summary>
    public static GameAdapterException Refused(string action, string name, string problem) =>
        new($"the argument '{name}' of {action} {problem}");

    private static string Describe(char character)
    {
        var codePoint = $"U+{(int)character:X4}";
        return character switch
        {
            '\0' => codePoint + " (NUL)",
            '\t' => codePoint + " (tab)",
            '\n' => codePoint + " (line feed)",
            '\r' => codePoint + " (carriage return)",
            _ => codePoint,
        };
    }
}

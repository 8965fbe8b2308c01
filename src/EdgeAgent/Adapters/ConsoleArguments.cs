using System.Globalization;

namespace GameOps.EdgeAgent.Adapters;

/// <summary>
/// Reads a job's arguments for a console command line. Every game console here reads one command per line and gives
/// control characters a meaning of their own (a line break ends the command, NUL ends the text, Teeworlds turns the
/// rest into spaces, Quake 3 splits arguments at them), so an argument is one line of printable text or the job is
/// refused before anything is sent. How each game quotes what is left is the adapter's grammar.
/// </summary>
public static class ConsoleArguments
{
    /// <summary>The value of the required argument <paramref name="name"/>, checked by <see cref="CheckLine"/>.</summary>
    /// <exception cref="GameAdapterException">The argument is missing, blank or holds a control character.</exception>
    public static string Require(string action, string name, IReadOnlyDictionary<string, string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        if (!arguments.TryGetValue(name, out var value) || string.IsNullOrWhiteSpace(value))
        {
            throw new GameAdapterException($"{action} needs the argument '{name}'");
        }

        return CheckLine(action, name, value);
    }

    /// <summary>The value of the optional argument <paramref name="name"/>, or null when it is missing or blank.</summary>
    /// <exception cref="GameAdapterException">The argument holds a control character.</exception>
    public static string? Optional(string action, string name, IReadOnlyDictionary<string, string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        return arguments.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? CheckLine(action, name, value) : null;
    }

    /// <summary>
    /// <paramref name="value"/>, when it holds no control character (C0, DEL or C1) and no lone surrogate (which UTF-8
    /// cannot carry: it would arrive as U+FFFD).
    /// </summary>
    /// <exception cref="GameAdapterException">It does; the message names the argument, the character and where it is.</exception>
    public static string CheckLine(string action, string name, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsControl(c) || char.IsSurrogate(c))
            {
                throw new GameAdapterException(
                    $"the argument '{name}' of {action} must be a single line of printable text; it holds {Describe(c)} " +
                    $"at character {(i + 1).ToString(CultureInfo.InvariantCulture)}, which a game console would not read as text");
            }
        }

        return value;
    }

    /// <summary>A control character as an operator would recognise it: its name and code point.</summary>
    public static string Describe(char c) => c switch
    {
        '\0' => "a NUL character (U+0000)",
        '\t' => "a tab (U+0009)",
        '\n' => "a line feed (U+000A)",
        '\r' => "a carriage return (U+000D)",
        '\u001b' => "an escape character (U+001B)",
        _ when char.IsSurrogate(c) => string.Create(CultureInfo.InvariantCulture, $"the lone surrogate U+{(int)c:X4}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"the control character U+{(int)c:X4}"),
    };
}

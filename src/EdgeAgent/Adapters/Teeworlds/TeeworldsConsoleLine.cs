namespace GameOps.EdgeAgent.Adapters.Teeworlds;

/// <summary>
/// The parts of one line of Teeworlds console output. The server prints every line as <c>[time][system]: message</c>
/// (0.7 writes the time as <c>HH:MM:SS</c>, 0.6 as hexadecimal seconds); the login prompts have no prefix.
/// </summary>
public static class TeeworldsConsoleLine
{
    /// <summary>The message without the <c>[time][system]: </c> prefix; the whole line when it has none.</summary>
    public static ReadOnlySpan<char> Message(string line) => TrySplit(line, out _, out var message) ? message : line;

    /// <summary>Splits <c>[time][system]: message</c>; <see langword="false"/> when the line has no such prefix.</summary>
    public static bool TrySplit(string line, out ReadOnlySpan<char> system, out ReadOnlySpan<char> message)
    {
        ArgumentNullException.ThrowIfNull(line);
        system = default;
        message = line;
        var text = line.AsSpan();
        if (!text.StartsWith('['))
        {
            return false;
        }

        var timeEnd = text.IndexOf("][", StringComparison.Ordinal);
        if (timeEnd < 0)
        {
            return false;
        }

        var rest = text[(timeEnd + 2)..];
        var systemEnd = rest.IndexOf("]: ", StringComparison.Ordinal);
        if (systemEnd < 0 || rest[..systemEnd].Contains(']'))
        {
            return false;
        }

        system = rest[..systemEnd];
        message = rest[(systemEnd + 3)..];
        return true;
    }
}

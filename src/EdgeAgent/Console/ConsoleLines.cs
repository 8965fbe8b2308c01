using System.Text;

namespace GameOps.EdgeAgent.Console;

/// <summary>Limits every console line is held to, whoever reads it.</summary>
public static class ConsoleLines
{
    /// <summary>The longest line kept, in UTF-8 bytes (without its line break); the rest is cut off and marked.</summary>
    public const int MaxLineBytes = 8 * 1024;

    /// <summary>Appended to a line that was cut at <see cref="MaxLineBytes"/>.</summary>
    public const string CutMarker = " [line cut: longer than 8192 bytes]";

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>
    /// <paramref name="line"/> as it is kept: a line break inside it would split it, so it becomes a space; past
    /// <see cref="MaxLineBytes"/> it is cut at the start of a UTF-8 character and ends with <see cref="CutMarker"/>.
    /// </summary>
    public static string Limit(string line, out bool cut)
    {
        ArgumentNullException.ThrowIfNull(line);
        var text = line.AsSpan().IndexOfAny('\r', '\n') >= 0 ? line.Replace('\r', ' ').Replace('\n', ' ') : line;

        // Three bytes per char at most: a short line cannot be over the limit, so most lines are never encoded here.
        cut = text.Length > MaxLineBytes / 3 && Utf8.GetByteCount(text) > MaxLineBytes;
        if (!cut)
        {
            return text;
        }

        var bytes = Utf8.GetBytes(text);
        var end = MaxLineBytes;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80)
        {
            end--; // back to the start of a UTF-8 character, so the kept part stays valid text
        }

        return Utf8.GetString(bytes, 0, end) + CutMarker;
    }
}

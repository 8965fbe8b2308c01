using System.Collections.Immutable;

namespace GameOps.Grains.ServerConsole;

/// <summary>Lines cut into consecutive parts of about a given amount of text, so no one message grows without bound.</summary>
public static class ConsoleBatchParts
{
    /// <summary>
    /// Consecutive parts of <paramref name="lines"/>, in order, each holding at most <paramref name="maxChars"/> characters
    /// of text, or one line when that line alone holds more.
    /// </summary>
    public static IEnumerable<ImmutableArray<ConsoleLine>> Split(ImmutableArray<ConsoleLine> lines, int maxChars)
    {
        var start = 0;
        var chars = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            var length = lines[i].Text.Length;
            if (i > start && chars + length > maxChars)
            {
                yield return lines[start..i];
                start = i;
                chars = 0;
            }

            chars += length;
        }

        if (start < lines.Length)
        {
            yield return start == 0 ? lines : lines[start..];
        }
    }
}

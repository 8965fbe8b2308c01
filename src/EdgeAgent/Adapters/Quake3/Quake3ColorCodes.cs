using System.Text;

namespace GameOps.EdgeAgent.Adapters.Quake3;

/// <summary>
/// Quake 3's colour escapes: a caret followed by one letter or digit (<c>^1</c> red, <c>^7</c> white, …) changes the
/// colour of what follows and is not shown. ioquake3 accepts any ASCII letter or digit after the caret; a caret
/// followed by anything else is printed as it is.
/// </summary>
public static class Quake3ColorCodes
{
    /// <summary>The text as a player sees it, without colour escapes.</summary>
    public static string Strip(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var caret = text.IndexOf('^', StringComparison.Ordinal);
        if (caret < 0)
        {
            return text;
        }

        var plain = new StringBuilder(text.Length);
        plain.Append(text, 0, caret);
        for (var i = caret; i < text.Length; i++)
        {
            if (text[i] == '^' && i + 1 < text.Length && char.IsAsciiLetterOrDigit(text[i + 1]))
            {
                i++;
                continue;
            }

            plain.Append(text[i]);
        }

        return plain.ToString();
    }
}

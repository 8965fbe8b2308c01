using System.Text.RegularExpressions;

namespace GameOps.TestSupport;

/// <summary>The <c>```sh</c> blocks of a Markdown page, in order, each marked whether the text before it says to leave it running.</summary>
public static partial class MarkdownScripts
{
    public sealed record Block(string Script, bool LeaveRunning);

    public static IReadOnlyList<Block> Read(string markdownPath)
    {
        var text = File.ReadAllText(markdownPath);
        var blocks = new List<Block>();
        var previousEnd = 0;
        foreach (Match match in ShellBlock().Matches(text))
        {
            var before = text[previousEnd..match.Index];
            var lastParagraph = before.TrimEnd()[(before.TrimEnd().LastIndexOf("\n\n", StringComparison.Ordinal) + 1)..];
            blocks.Add(new Block(match.Groups["script"].Value, lastParagraph.Contains("leave it running", StringComparison.OrdinalIgnoreCase)));
            previousEnd = match.Index + match.Length;
        }

        return blocks;
    }

    [GeneratedRegex(@"^```sh\n(?<script>.*?)^```$", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex ShellBlock();
}

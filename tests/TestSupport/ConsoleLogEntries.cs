using System.Globalization;
using System.Text.RegularExpressions;

namespace GameOps.TestSupport;

/// <summary>
/// The entries of a process's console log in Microsoft.Extensions.Logging's simple format, where an entry's first line
/// starts at the margin and its message and scopes follow indented.
/// </summary>
public static partial class ConsoleLogEntries
{
    public const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    /// <summary>The first line of each entry.</summary>
    public static IReadOnlyList<string> FirstLines(string output) =>
        [.. output.Split('\n').Select(line => line.TrimEnd('\r')).Where(line => line.Length > 0 && !char.IsWhiteSpace(line[0]))];

    /// <summary>An entry's first line as GameOps writes it: its UTC time in ISO 8601, a space, the level, a colon.</summary>
    [GeneratedRegex(@"^(?<time>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z) (trce|dbug|info|warn|fail|crit): ")]
    public static partial Regex TimestampedFirstLine();

    /// <summary>The time an entry's first line starts with; fails the test when it has none.</summary>
    public static DateTimeOffset TimeOf(string firstLine)
    {
        var match = TimestampedFirstLine().Match(firstLine);
        Xunit.Assert.True(match.Success, $"No UTC ISO 8601 time at the start of: {firstLine}");
        return DateTimeOffset.ParseExact(match.Groups["time"].Value, TimestampFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
    }
}

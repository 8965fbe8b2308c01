namespace GameOps.EdgeAgent.Adapters.SevenDays;

/// <summary>
/// How the end of a command's answer is recognised. The console sends no end-of-output marker, so an answer ends at
/// a line known to be its last (<c>Total of N in the game</c> after <c>lp</c>, the one <c>Day N, HH:MM</c> line of
/// <c>gt</c>), else once no output line has come for the quiet period.
/// </summary>
internal static class SevenDaysAnswerEnd
{
    /// <summary>The test for the last line of <paramref name="command"/>'s answer, or null when only silence ends it.</summary>
    public static Func<string, bool>? LastLineOf(string command)
    {
        var name = command.AsSpan().Trim();
        var space = name.IndexOf(' ');
        if (space >= 0)
        {
            name = name[..space];
        }

        if (name.Equals("lp", StringComparison.OrdinalIgnoreCase) || name.Equals("listplayers", StringComparison.OrdinalIgnoreCase))
        {
            return line => SevenDaysParsers.IsPlayerTotal(line, out _);
        }

        if (name.Equals("gt", StringComparison.OrdinalIgnoreCase) || name.Equals("gettime", StringComparison.OrdinalIgnoreCase))
        {
            return line => SevenDaysParsers.TryReadGameTime(line, out _);
        }

        return null;
    }
}

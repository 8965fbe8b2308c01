using System.Text;

namespace GameOps.TestSupport;

/// <summary>
/// How an Unreal Engine console splits a line into commands: <c>FParse::Line</c> (Runtime/Core/Private/Misc/Parse.cpp,
/// unchanged since Unreal Engine 2's <c>ParseLine</c>) called in a loop, as <c>UPlayer::ConsoleCommand</c> does
/// ("iterate over the line, breaking up on |'s"). ARK runs on Unreal Engine 4 and Palworld on Unreal Engine 5.
/// </summary>
public static class UnrealConsoleLine
{
    /// <summary>
    /// The commands of <paramref name="line"/>: a line break always ends one; outside double quotes <c>|</c> ends one
    /// and <c>//</c> drops the rest of the command (up to the next <c>|</c> or line break). Blank commands are dropped.
    /// </summary>
    public static IReadOnlyList<string> SplitCommands(string line)
    {
        // The engine works on C strings: a NUL ends the input.
        line = line.Split('\0')[0];
        var commands = new List<string>();
        var i = 0;
        while (true)
        {
            var command = new StringBuilder();
            bool gotStream = false, quoted = false, ignore = false;
            while (i < line.Length && line[i] is not ('\n' or '\r'))
            {
                if (!quoted && line[i] == '/' && i + 1 < line.Length && line[i + 1] == '/')
                {
                    ignore = true;
                }

                if (!quoted && line[i] == '|')
                {
                    break;
                }

                quoted ^= line[i] == '"';
                gotStream = true;
                if (!ignore)
                {
                    command.Append(line[i]);
                }

                i++;
            }

            while (i < line.Length && line[i] is '\n' or '\r' or '|')
            {
                i++;
            }

            if (!(i < line.Length || gotStream))
            {
                return commands;
            }

            if (!string.IsNullOrWhiteSpace(command.ToString()))
            {
                commands.Add(command.ToString());
            }

            if (i >= line.Length)
            {
                return commands;
            }
        }
    }
}

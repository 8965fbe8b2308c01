namespace GameOps.TestSupport;

/// <summary>
/// A 7 Days to Die server's answers to the commands the agent sends, for <see cref="SevenDaysTelnetTestServer"/>, with
/// the players of <see cref="SevenDaysFixtures.PlayerLines"/> on the server. Each answer is as the source cited with it
/// shows; the command is read with <see cref="SevenDaysConsoleGrammar"/>, not the agent's code.
/// </summary>
public static class SevenDaysConsoleAnswers
{
    private static readonly (string Id, string Name, string PlatformId)[] Players =
    [
        ("171", "Alice", "Steam_76561198000000001"),
        ("172", SevenDaysFixtures.NameWithComma, "Steam_76561198000000002"),
    ];

    public static IEnumerable<SevenDaysTelnetLine> Answer(string command)
    {
        var parameters = SevenDaysConsoleGrammar.Read(command);
        if (parameters is null)
        {
            // The console's parser, for a quote left open.
            return [SevenDaysTelnetLine.Output($"*** ERROR: Quotation started at position {command.IndexOf('"', StringComparison.Ordinal) + 1} was not closed")];
        }

        return parameters[0] switch
        {
            "lp" => SevenDaysFixtures.PlayerLines.Select(SevenDaysTelnetLine.Output),
            "gt" => [SevenDaysTelnetLine.Output(SevenDaysFixtures.GameTime)],
            "version" => SevenDaysFixtures.VersionLines.Select(SevenDaysTelnetLine.Output),

            // GameOps issue 12: run against independent console implementations, mem printed its statistics as a
            // timestamped log line (the line the server also logs now and then), not as output.
            "mem" => [SevenDaysTelnetLine.Log(SevenDaysFixtures.MemLine)],

            // say prints nothing; the game logs the server's chat line (public captures: "INF Chat (from
            // '-non-player-', entity id '-1', to 'Global'): hello", earlier builds "…: 'Server': Hello, World.").
            "say" => [SevenDaysTelnetLine.Log($"Chat (from '-non-player-', entity id '-1', to 'Global'): {string.Join(' ', parameters.Skip(1))}")],

            "kick" => Kick(parameters),

            // GameOps issue 12: saveworld confirmed with a log line; the game's own console command prints "World saved".
            "saveworld" => [SevenDaysTelnetLine.Log("World saved")],

            // The console, for a command it does not have (public captures: "*** ERROR: unknown command 'status'").
            "nosuchcmd" => [SevenDaysTelnetLine.Output($"*** ERROR: unknown command '{parameters[0]}'")],
            _ => [SevenDaysTelnetLine.Output("ran:" + command)],
        };
    }

    /// <summary>
    /// kick: a player who is not there gets the console's <c>"x" is not a valid entity id, player name or user id.</c>
    /// (public captures against V 3.1 and 3.2); one who is gets the game's log line <c>Kicking player (Kick: reason):
    /// EntityID=…, PltfmId='…', CrossId='…', OwnerID='…', PlayerName='…', ClientNumber='…'</c> and the output
    /// <c>Kicking Player name: reason</c> (public captures: "Kicking Player TestPlayer: RSF evidence test").
    /// </summary>
    private static IEnumerable<SevenDaysTelnetLine> Kick(List<string> parameters)
    {
        if (parameters.Count < 2)
        {
            return [SevenDaysTelnetLine.Output($"Wrong number of arguments, expected at least 1, found {parameters.Count - 1}.")];
        }

        var target = parameters[1];
        var reason = parameters.Count > 2 ? parameters[2] : string.Empty;
        var player = Players.FirstOrDefault(p => p.Id == target || p.PlatformId == target || string.Equals(p.Name, target, StringComparison.OrdinalIgnoreCase));
        if (player.Id is null)
        {
            return [SevenDaysTelnetLine.Output($"\"{target}\" is not a valid entity id, player name or user id.")];
        }

        return
        [
            SevenDaysTelnetLine.Log(
                $"Kicking player (Kick: {reason}): EntityID={player.Id}, PltfmId='{player.PlatformId}', CrossId='EOS_0002a1b2c3d4e5f60718293a4b5c6d7e', " +
                $"OwnerID='{player.PlatformId}', PlayerName='{player.Name}', ClientNumber='1'"),
            SevenDaysTelnetLine.Output($"Kicking Player {player.Name}: {reason}"),
        ];
    }
}

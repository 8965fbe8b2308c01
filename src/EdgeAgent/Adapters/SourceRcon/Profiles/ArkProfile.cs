using GameOps.AgentProtocol;
using GameOps.EdgeAgent.Adapters.Results;

namespace GameOps.EdgeAgent.Adapters.SourceRcon.Profiles;

/// <summary>
/// ARK: Survival Evolved and Survival Ascended (https://ark.wiki.gg/wiki/Console_commands). The server answers each
/// command with one packet and ignores the empty packet, so answers are framed by size and a quiet period, one request
/// at a time; a command without output is answered <c>Server received, But no response!!</c>, which means empty output.
/// </summary>
public sealed class ArkProfile : RconProfile
{
    public const string KindName = "ark-rcon";

    /// <summary>ARK's answer to a command that printed nothing.</summary>
    public const string NoResponse = "Server received, But no response!!";

    internal ArkProfile()
    {
    }

    public override string Kind => KindName;

    public override string GameName => "ARK";

    public override IReadOnlyList<string> Actions { get; } =
        [GameActions.ConsoleRaw, GameActions.ChatSay, GameActions.PlayersList, GameActions.PlayerKick, GameActions.PlayerBan, GameActions.WorldSave];

    public override string? ProbeCommand => "ListPlayers";

    protected override string PlayersCommand => "ListPlayers";

    /// <summary>
    /// <c>Unknown command "x"</c>, as ARK: Survival Evolved answered an unknown command in the run that issue 12 reports.
    /// ARK: Survival Ascended answers one with its no-response text instead (conqp/rcon#21), which reads as empty output.
    /// </summary>
    protected override IReadOnlyList<string> RefusalStarts { get; } = ["Unknown command"];

    public override SourceRconClientOptions Configure(SourceRconClientOptions options) => options with
    {
        Framing = RconFraming.QuietPeriod(QuietPeriod),
        MaxCommandBytes = SourceRconClient.MaxCommandBytes,
        AnswersEchoRequestId = true,
    };

    public override string NormalizeAnswer(string answer) =>
        answer.AsSpan().Trim().SequenceEqual(NoResponse) ? string.Empty : answer;

    public override PlayerList ParsePlayers(string answer) => ArkListPlayersParser.Parse(answer);

    protected override RconCommand BuildCommand(string action, IReadOnlyDictionary<string, string> arguments)
    {
        switch (action)
        {
            case GameActions.ConsoleRaw:
                return new RconCommand(UnrealConsoleSyntax.EnsureOneCommand(
                    GameName, action, SourceRconAdapter.CommandArgument, RequireLine(action, SourceRconAdapter.CommandArgument, arguments)));
            case GameActions.ChatSay:
                return new RconCommand("ServerChat " + UnrealConsoleSyntax.Plain(
                    GameName, action, SourceRconAdapter.MessageArgument, RequireLine(action, SourceRconAdapter.MessageArgument, arguments)));
            case GameActions.PlayerKick:
                return new RconCommand("KickPlayer " + RequirePlayer(action, arguments), ReasonNote(action, arguments));
            case GameActions.PlayerBan:
                RefuseDuration(action, arguments);
                return new RconCommand("BanPlayer " + RequirePlayer(action, arguments), ReasonNote(action, arguments));
            case GameActions.WorldSave:
                return new RconCommand("SaveWorld");
            default:
                throw new GameAdapterException($"action '{action}' is not supported by the {Kind} adapter");
        }
    }

    private static string? ReasonNote(string action, IReadOnlyDictionary<string, string> arguments) =>
        OptionalLine(action, ReasonArgument, arguments) is null ? null : "ARK's KickPlayer and BanPlayer take no reason; it was not sent.";
}

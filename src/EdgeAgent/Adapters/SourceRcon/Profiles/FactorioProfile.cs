using GameOps.AgentProtocol;
using GameOps.EdgeAgent.Adapters.Results;

namespace GameOps.EdgeAgent.Adapters.SourceRcon.Profiles;

/// <summary>
/// Factorio's headless server (https://wiki.factorio.com/Console). It ignores the empty packet
/// (https://github.com/n0la/rcon/pull/6) and answers each command with its own packet, so answers are framed by size
/// and a quiet period. Text without a leading slash is chat from the server; commands start with a slash.
/// </summary>
public sealed class FactorioProfile : RconProfile
{
    public const string KindName = "factorio-rcon";

    internal FactorioProfile()
    {
    }

    public override string Kind => KindName;

    public override string GameName => "Factorio";

    public override IReadOnlyList<string> Actions { get; } =
        [GameActions.ConsoleRaw, GameActions.ChatSay, GameActions.PlayersList, GameActions.PlayerKick, GameActions.PlayerBan, GameActions.WorldSave];

    public override string? ProbeCommand => "/version";

    protected override string PlayersCommand => "/players online";

    /// <summary>None: Factorio's refusals are not documented, so its answers are reported as they come.</summary>
    protected override IReadOnlyList<string> RefusalStarts { get; } = [];

    public override SourceRconClientOptions Configure(SourceRconClientOptions options) => options with
    {
        Framing = RconFraming.QuietPeriod(QuietPeriod),
        MaxCommandBytes = SourceRconClient.MaxCommandBytes,
        AnswersEchoRequestId = true,
    };

    public override PlayerList ParsePlayers(string answer) => FactorioPlayersParser.Parse(answer);

    protected override RconCommand BuildCommand(string action, IReadOnlyDictionary<string, string> arguments)
    {
        switch (action)
        {
            case GameActions.ConsoleRaw:
                return new RconCommand(RequireLine(action, SourceRconAdapter.CommandArgument, arguments));
            case GameActions.ChatSay:
                var message = RequireLine(action, SourceRconAdapter.MessageArgument, arguments);

                // Plain text is chat; a leading slash would make the "message" a command.
                return message.StartsWith('/')
                    ? throw new GameAdapterException(
                        $"the argument '{SourceRconAdapter.MessageArgument}' of {action} must not start with '/': Factorio would run it as a command")
                    : new RconCommand(message);
            case GameActions.PlayerKick:
                return new RconCommand(WithReason("/kick " + RequirePlayer(action, arguments), action, arguments));
            case GameActions.PlayerBan:
                RefuseDuration(action, arguments);
                return new RconCommand(WithReason("/ban " + RequirePlayer(action, arguments), action, arguments));
            case GameActions.WorldSave:
                return new RconCommand("/server-save");
            default:
                throw new GameAdapterException($"action '{action}' is not supported by the {Kind} adapter");
        }
    }

    private static string WithReason(string command, string action, IReadOnlyDictionary<string, string> arguments) =>
        OptionalLine(action, ReasonArgument, arguments) is { } reason ? $"{command} {reason}" : command;
}

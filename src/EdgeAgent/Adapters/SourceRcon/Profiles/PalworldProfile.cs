using GameOps.AgentProtocol;
using GameOps.EdgeAgent.Adapters.Results;

namespace GameOps.EdgeAgent.Adapters.SourceRcon.Profiles;

/// <summary>
/// Palworld's dedicated server (https://docs.palworldgame.com/settings-and-operation/commands). Its RCON answers every
/// command with id 0 instead of the request's id (https://github.com/conqp/rcon/issues/29) and does not mirror the
/// empty packet, so answers are framed by packet size and a quiet period, one request at a time.
/// </summary>
public sealed class PalworldProfile : RconProfile
{
    public const string KindName = "palworld-rcon";

    /// <summary>Appended to a chat.say job's output when its spaces were replaced.</summary>
    public const string BroadcastSpacesNote =
        "Palworld's Broadcast takes a single word, so the message's spaces were sent as underscores.";

    internal PalworldProfile()
    {
    }

    public override string Kind => KindName;

    public override string GameName => "Palworld";

    public override IReadOnlyList<string> Actions { get; } =
        [GameActions.ConsoleRaw, GameActions.ChatSay, GameActions.PlayersList, GameActions.PlayerKick, GameActions.PlayerBan, GameActions.WorldSave];

    public override string? ProbeCommand => "Info";

    protected override string PlayersCommand => "ShowPlayers";

    /// <summary>A kick or ban that did not happen, e.g. <c>Failed to Kick: 3966227701</c> (zaigie/palworld-server-tool#28).</summary>
    protected override IReadOnlyList<string> RefusalStarts { get; } = ["Failed to "];

    public override SourceRconClientOptions Configure(SourceRconClientOptions options) => options with
    {
        Framing = RconFraming.QuietPeriod(QuietPeriod),
        MaxCommandBytes = SourceRconClient.MaxCommandBytes,
        AnswersEchoRequestId = false,
    };

    public override PlayerList ParsePlayers(string answer) => PalworldShowPlayersParser.Parse(answer);

    protected override RconCommand BuildCommand(string action, IReadOnlyDictionary<string, string> arguments)
    {
        switch (action)
        {
            case GameActions.ConsoleRaw:
                return new RconCommand(UnrealConsoleSyntax.EnsureOneCommand(
                    GameName, action, SourceRconAdapter.CommandArgument, RequireLine(action, SourceRconAdapter.CommandArgument, arguments)));
            case GameActions.ChatSay:
                var message = UnrealConsoleSyntax.Plain(
                    GameName, action, SourceRconAdapter.MessageArgument, RequireLine(action, SourceRconAdapter.MessageArgument, arguments));
                var word = string.Join('_', message.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
                return new RconCommand("Broadcast " + word, word == message ? null : BroadcastSpacesNote);
            case GameActions.PlayerKick:
                return new RconCommand("KickPlayer " + RequirePlayer(action, arguments), ReasonNote(action, arguments));
            case GameActions.PlayerBan:
                RefuseDuration(action, arguments);
                return new RconCommand("BanPlayer " + RequirePlayer(action, arguments), ReasonNote(action, arguments));
            case GameActions.WorldSave:
                return new RconCommand("Save");
            default:
                throw new GameAdapterException($"action '{action}' is not supported by the {Kind} adapter");
        }
    }

    private static string? ReasonNote(string action, IReadOnlyDictionary<string, string> arguments) =>
        OptionalLine(action, ReasonArgument, arguments) is null ? null : "Palworld's KickPlayer and BanPlayer take no reason; it was not sent.";
}

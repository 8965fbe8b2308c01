using GameOps.AgentProtocol;
using GameOps.EdgeAgent.Adapters.Results;

namespace GameOps.EdgeAgent.Adapters.SourceRcon.Profiles;

/// <summary>
/// Minecraft: Java Edition's RCON (https://minecraft.wiki/w/RCON). Differences from Valve's page: answers carry up to
/// 4096 body bytes per packet (a Size of 4106), requests at most 1446; the empty packet is not mirrored but answered
/// <c>Unknown request 0</c>, which serves as the end marker; and the server drops a connection whose read holds two
/// packets (https://bugs.mojang.com/browse/MC-87863), so the marker goes out only after the answer has begun.
/// </summary>
public sealed class MinecraftProfile : RconProfile
{
    public const string KindName = "minecraft-rcon";

    /// <summary>"Maximum C→S packet payload length: 1446 (total: 1460)".</summary>
    public const int MaxRequestBodyBytes = 1446;

    internal MinecraftProfile()
    {
    }

    public override string Kind => KindName;

    public override string GameName => "Minecraft";

    public override IReadOnlyList<string> Actions { get; } =
        [GameActions.ConsoleRaw, GameActions.ChatSay, GameActions.PlayersList, GameActions.PlayerKick, GameActions.PlayerBan, GameActions.WorldSave];

    // Runs on the server's main thread, unlike the RCON thread's "Unknown request" answer, so a frozen tick loop shows.
    public override string? ProbeCommand => "list";

    protected override string PlayersCommand => "list uuids";

    /// <summary>
    /// Brigadier's and vanilla's refusals (assets/minecraft/lang/en_us.json: <c>command.unknown.command</c>, "Unknown or
    /// incomplete command, see below for error", since 1.20.5 "... command. See below for error";
    /// <c>command.unknown.argument</c>; <c>argument.entity.notfound.player</c>, a kick or ban of someone not there) and
    /// Spigot's and Paper's unknown command (spigot.yml <c>messages.unknown-command</c>).
    /// </summary>
    protected override IReadOnlyList<string> RefusalStarts { get; } =
        ["Unknown or incomplete command", "Incorrect argument for command", "No player was found", "Unknown command. Type \"/help\" for help."];

    public override SourceRconClientOptions Configure(SourceRconClientOptions options) => options with
    {
        Framing = RconFraming.UnknownTypeMarker,
        MaxCommandBytes = MaxRequestBodyBytes,
        AnswersEchoRequestId = true,
    };

    public override PlayerList ParsePlayers(string answer) => MinecraftListParser.Parse(answer);

    protected override RconCommand BuildCommand(string action, IReadOnlyDictionary<string, string> arguments)
    {
        switch (action)
        {
            case GameActions.ConsoleRaw:
                return new RconCommand(RequireLine(action, SourceRconAdapter.CommandArgument, arguments));
            case GameActions.ChatSay:
                return new RconCommand("say " + RequireLine(action, SourceRconAdapter.MessageArgument, arguments));
            case GameActions.PlayerKick:
                return new RconCommand(WithReason("kick " + RequirePlayer(action, arguments), action, arguments));
            case GameActions.PlayerBan:
                RefuseDuration(action, arguments);
                return new RconCommand(WithReason("ban " + RequirePlayer(action, arguments), action, arguments));
            case GameActions.WorldSave:
                return new RconCommand("save-all");
            default:
                throw new GameAdapterException($"action '{action}' is not supported by the {Kind} adapter");
        }
    }

    private static string WithReason(string command, string action, IReadOnlyDictionary<string, string> arguments) =>
        OptionalLine(action, ReasonArgument, arguments) is { } reason ? $"{command} {reason}" : command;
}

using GameOps.AgentProtocol;
using GameOps.EdgeAgent.Adapters.Results;

namespace GameOps.EdgeAgent.Adapters.SourceRcon.Profiles;

/// <summary>
/// Source engine servers (SRCDS: CS2, CS:GO, TF2, Garry's Mod, Left 4 Dead, …), speaking RCON exactly as
/// https://developer.valvesoftware.com/wiki/Source_RCON_Protocol describes: answers are framed with the mirrored
/// empty packet, and the health probe is that mirror alone, so it runs no command and leaves nothing in the log.
/// </summary>
public sealed class SourceProfile : RconProfile
{
    public const string KindName = "source-rcon";

    internal SourceProfile()
    {
    }

    public override string Kind => KindName;

    public override string GameName => "Source";

    public override IReadOnlyList<string> Actions { get; } = [GameActions.ConsoleRaw, GameActions.ChatSay, GameActions.PlayersList];

    public override string? ProbeCommand => null;

    protected override string PlayersCommand => "status";

    /// <summary>
    /// The engine's <c>Cmd_ExecuteString</c> (Source SDK 2013, tier1/commandbuffer.cpp): <c>Unknown command "x"</c>, and
    /// <c>Can't use cheat command x in multiplayer, unless the server has sv_cheats set to 1.</c>
    /// </summary>
    protected override IReadOnlyList<string> RefusalStarts { get; } = ["Unknown command \"", "Can't use cheat command "];

    public override SourceRconClientOptions Configure(SourceRconClientOptions options) => options with
    {
        Framing = RconFraming.MirroredEmptyPacket,
        MaxCommandBytes = SourceRconClient.MaxCommandBytes,
        AnswersEchoRequestId = true,
    };

    public override PlayerList ParsePlayers(string answer) => SourceStatusParser.Parse(answer);

    protected override RconCommand BuildCommand(string action, IReadOnlyDictionary<string, string> arguments) => action switch
    {
        GameActions.ConsoleRaw => new RconCommand(SourceConsoleSyntax.EnsureOneCommand(
            GameName, action, SourceRconAdapter.CommandArgument, RequireLine(action, SourceRconAdapter.CommandArgument, arguments))),
        GameActions.ChatSay => new RconCommand("say " + SourceConsoleSyntax.Quote(
            GameName, action, SourceRconAdapter.MessageArgument, RequireLine(action, SourceRconAdapter.MessageArgument, arguments))),
        _ => throw new GameAdapterException($"action '{action}' is not supported by the {Kind} adapter"),
    };
}

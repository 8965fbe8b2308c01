using GameOps.AgentProtocol;
using GameOps.EdgeAgent.Adapters;
using GameOps.EdgeAgent.Adapters.SourceRcon;
using GameOps.EdgeAgent.Adapters.SourceRcon.Profiles;
using static GameOps.EdgeAgent.Tests.SourceRcon.RconTestGames;

namespace GameOps.EdgeAgent.Tests.SourceRcon;

public sealed class RconProfileCommandTests
{
    public static TheoryData<string, string, string, string?, string> Commands() => new()
    {
        // kind, action, argument name, argument value, console command
        { "source-rcon", GameActions.ChatSay, "message", "restart in 5", "say \"restart in 5\"" },
        { "source-rcon", GameActions.PlayersList, "", null, "status" },
        { "minecraft-rcon", GameActions.ChatSay, "message", "restart in 5", "say restart in 5" },
        { "minecraft-rcon", GameActions.PlayersList, "", null, "list uuids" },
        { "minecraft-rcon", GameActions.PlayerKick, "player", "Griefer_1", "kick Griefer_1" },
        { "minecraft-rcon", GameActions.WorldSave, "", null, "save-all" },
        { "palworld-rcon", GameActions.ChatSay, "message", "restart in 5", "Broadcast restart_in_5" },
        { "palworld-rcon", GameActions.PlayersList, "", null, "ShowPlayers" },
        { "palworld-rcon", GameActions.PlayerBan, "player", "steam_76561198000000001", "BanPlayer steam_76561198000000001" },
        { "palworld-rcon", GameActions.WorldSave, "", null, "Save" },
        { "ark-rcon", GameActions.ChatSay, "message", "restart in 5", "ServerChat restart in 5" },
        { "ark-rcon", GameActions.PlayersList, "", null, "ListPlayers" },
        { "ark-rcon", GameActions.PlayerKick, "player", "76561198000000001", "KickPlayer 76561198000000001" },
        { "ark-rcon", GameActions.WorldSave, "", null, "SaveWorld" },
        { "factorio-rcon", GameActions.ChatSay, "message", "restart in 5", "restart in 5" },
        { "factorio-rcon", GameActions.PlayersList, "", null, "/players online" },
        { "factorio-rcon", GameActions.PlayerBan, "player", "bob-the-builder", "/ban bob-the-builder" },
        { "factorio-rcon", GameActions.WorldSave, "", null, "/server-save" },
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public void Action_becomes_the_games_console_command(string kind, string action, string argument, string? value, string expected)
    {
        var arguments = value is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [argument] = value };

        Assert.Equal(expected, Profile(kind).ToCommand(action, arguments).Text);
    }

    [Fact]
    public void Palworld_broadcast_says_that_spaces_became_underscores()
    {
        var command = RconProfiles.Palworld.ToCommand(GameActions.ChatSay, new Dictionary<string, string> { ["message"] = "  server  restart soon " });

        Assert.Equal("Broadcast server_restart_soon", command.Text);
        Assert.Equal(PalworldProfile.BroadcastSpacesNote, command.Note);
        Assert.Null(RconProfiles.Palworld.ToCommand(GameActions.ChatSay, new Dictionary<string, string> { ["message"] = "hello" }).Note);
    }

    [Theory]
    [InlineData("minecraft-rcon", "@a")]
    [InlineData("minecraft-rcon", "Alice Bob")]
    [InlineData("ark-rcon", "7656; DoExit")]
    [InlineData("factorio-rcon", "")]
    public void Player_argument_must_be_one_name_or_id(string kind, string player)
    {
        Assert.Throws<GameAdapterException>(
            () => Profile(kind).ToCommand(GameActions.PlayerKick, new Dictionary<string, string> { ["player"] = player }));
    }

    [Fact]
    public void Factorio_chat_cannot_start_a_command()
    {
        var error = Assert.Throws<GameAdapterException>(
            () => RconProfiles.Factorio.ToCommand(GameActions.ChatSay, new Dictionary<string, string> { ["message"] = " /c game.print(1)" }));

        Assert.Contains("must not start with '/'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Minecraft_refuses_a_command_longer_than_its_1446_byte_request_limit()
    {
        var error = Assert.Throws<GameAdapterException>(() => RconProfiles.Minecraft.ToCommand(
            GameActions.ConsoleRaw, new Dictionary<string, string> { ["command"] = new string('x', MinecraftProfile.MaxRequestBodyBytes + 1) }));

        Assert.Equal("the console.raw command is 1447 bytes; Minecraft RCON takes at most 1446", error.Message);
    }

    [Fact]
    public void Ban_with_a_duration_is_refused_because_rcon_bans_are_permanent()
    {
        var error = Assert.Throws<GameAdapterException>(() => RconProfiles.Minecraft.ToCommand(
            GameActions.PlayerBan, new Dictionary<string, string> { ["player"] = "Alice", ["duration"] = "1d" }));

        Assert.Contains("no timed bans", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_profile_has_its_own_kind_and_the_registry_knows_them_all()
    {
        Assert.Equal(
            ["source-rcon", "minecraft-rcon", "palworld-rcon", "ark-rcon", "factorio-rcon"],
            RconProfiles.All.Select(profile => profile.Kind));
        Assert.All(RconProfiles.All, profile => Assert.Equal(profile.Actions, GameAdapterRegistry.BuiltInKinds[profile.Kind]));
        Assert.Equal(SourceRconAdapter.Actions, RconProfiles.Source.Actions);
    }
}

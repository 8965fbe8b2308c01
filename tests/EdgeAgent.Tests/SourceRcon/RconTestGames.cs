using GameOps.EdgeAgent.Adapters.SourceRcon;
using GameOps.EdgeAgent.Adapters.SourceRcon.Profiles;
using GameOps.EdgeAgent.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace GameOps.EdgeAgent.Tests.SourceRcon;

/// <summary>The Source RCON games under test, and the adapter, server entry and arguments their tests build.</summary>
internal static class RconTestGames
{
    /// <summary>Each game's kind and the dialect of <see cref="SourceRconTestServer"/> that plays it.</summary>
    public static readonly (string Kind, RconDialect Dialect)[] All =
    [
        ("source-rcon", RconDialect.Source),
        ("minecraft-rcon", RconDialect.Minecraft),
        ("palworld-rcon", RconDialect.Palworld),
        ("ark-rcon", RconDialect.Ark),
        ("factorio-rcon", RconDialect.Factorio),
    ];

    public static RconProfile Profile(string kind) =>
        RconProfiles.TryGet(kind, out var profile) ? profile : throw new ArgumentException($"no profile {kind}", nameof(kind));

    public static SourceRconAdapter Adapter(RconProfile profile) => new(profile, NullLoggerFactory.Instance, TimeProvider.System);

    /// <summary>The config entry of the server <paramref name="game"/> plays, with id <c>game</c>.</summary>
    public static GameServerConfig Server(SourceRconTestServer game, RconProfile profile, string password) => new()
    {
        Id = "game",
        Name = "Test game",
        Kind = profile.Kind,
        Address = new ServerAddress(game.Host, game.Port),
        Password = password,
        AllowedActions = profile.Actions,
    };

    /// <summary>The arguments of a <c>console.raw</c> job.</summary>
    public static Dictionary<string, string> Command(string command) => new() { ["command"] = command };
}

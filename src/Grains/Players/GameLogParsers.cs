namespace GameOps.Grains.Players;

/// <summary>The log parser of each game kind an agent declares (the adapters' kind names); kinds without one yield no events.</summary>
public static class GameLogParsers
{
    public const string SevenDaysKind = "7dtd-telnet";
    public const string MinecraftKind = "minecraft-rcon";
    public const string TeeworldsKind = "teeworlds-econ";

    public static IGameLogParser? For(string kind) => kind switch
    {
        SevenDaysKind => SevenDaysLogParser.Instance,
        MinecraftKind => MinecraftLogParser.Instance,
        TeeworldsKind => TeeworldsLogParser.Instance,
        _ => null,
    };
}

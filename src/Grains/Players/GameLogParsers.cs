using System.Collections.Immutable;
using GameOps.Grains.ServerConsole;

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

    /// <summary>The player events that stored <paramref name="lines"/> of a server of game <paramref name="kind"/> record, each with its line's number and time.</summary>
    public static ImmutableArray<GameEvent> EventsOf(string kind, ImmutableArray<ConsoleLine> lines)
    {
        if (For(kind) is not { } parser)
        {
            return [];
        }

        ImmutableArray<GameEvent>.Builder? events = null;
        foreach (var line in lines)
        {
            if (!line.IsGap && parser.Parse(line.Text) is { } parsed)
            {
                (events ??= ImmutableArray.CreateBuilder<GameEvent>()).Add(parsed with { Sequence = line.Sequence, At = line.ReadAt });
            }
        }

        return events?.ToImmutable() ?? [];
    }
}

using System.Diagnostics.CodeAnalysis;

namespace GameOps.EdgeAgent.Adapters.SourceRcon.Profiles;

/// <summary>The games the agent's Source RCON client serves, each with its own profile.</summary>
public static class RconProfiles
{
    public static SourceProfile Source { get; } = new();

    public static MinecraftProfile Minecraft { get; } = new();

    public static PalworldProfile Palworld { get; } = new();

    public static ArkProfile Ark { get; } = new();

    public static FactorioProfile Factorio { get; } = new();

    public static IReadOnlyList<RconProfile> All { get; } = [Source, Minecraft, Palworld, Ark, Factorio];

    public static bool TryGet(string kind, [NotNullWhen(true)] out RconProfile? profile)
    {
        profile = All.FirstOrDefault(candidate => string.Equals(candidate.Kind, kind, StringComparison.Ordinal));
        return profile is not null;
    }
}

using System.Diagnostics.CodeAnalysis;
using GameOps.EdgeAgent.Adapters.Quake3;
using GameOps.EdgeAgent.Adapters.SevenDays;
using GameOps.EdgeAgent.Adapters.SourceRcon;
using GameOps.EdgeAgent.Adapters.SourceRcon.Profiles;
using GameOps.EdgeAgent.Adapters.Teeworlds;

namespace GameOps.EdgeAgent.Adapters;

/// <summary>The agent's game adapters, keyed by game kind.</summary>
public sealed class GameAdapterRegistry
{
    private readonly Dictionary<string, IGameAdapter> _adapters;

    public GameAdapterRegistry(IEnumerable<IGameAdapter> adapters)
    {
        _adapters = new Dictionary<string, IGameAdapter>(StringComparer.Ordinal);
        foreach (var adapter in adapters)
        {
            if (!_adapters.TryAdd(adapter.Kind, adapter))
            {
                throw new ArgumentException($"Two game adapters claim the kind '{adapter.Kind}'.", nameof(adapters));
            }
        }
    }

    /// <summary>
    /// The kinds <see cref="AdaptersServiceCollectionExtensions.AddGameAdapters"/> registers, with their actions: what
    /// the config file is validated against before the host starts.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> BuiltInKinds { get; } =
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            [SourceRconAdapter.KindName] = SourceRconAdapter.Actions,
            [SevenDaysTelnetAdapter.KindName] = SevenDaysTelnetAdapter.Actions,
            [RconProfiles.Minecraft.Kind] = RconProfiles.Minecraft.Actions,
            [RconProfiles.Palworld.Kind] = RconProfiles.Palworld.Actions,
            [RconProfiles.Ark.Kind] = RconProfiles.Ark.Actions,
            [RconProfiles.Factorio.Kind] = RconProfiles.Factorio.Actions,
            [Quake3RconAdapter.KindName] = Quake3RconAdapter.Actions,
            [TeeworldsEconAdapter.KindName] = TeeworldsEconAdapter.Actions,
        };

    public IReadOnlyCollection<string> Kinds => _adapters.Keys;

    public bool TryGet(string kind, [NotNullWhen(true)] out IGameAdapter? adapter) => _adapters.TryGetValue(kind, out adapter);
}

using GameOps.EdgeAgent.Adapters;
using GameOps.Grains.Jobs;
using Microsoft.Extensions.DependencyInjection;
using GameOps.AgentProtocol;

namespace GameOps.EdgeAgent.Tests.Adapters;

// The agent does not reference the control plane's assemblies, so the action names and the list of built-in kinds
// exist on both sides; these tests keep the two from drifting apart.
public sealed class GameAdapterRegistryTests
{
    private static IReadOnlyList<IGameAdapter> RegisteredAdapters()
    {
        var services = new ServiceCollection().AddLogging().AddGameAdapters().BuildServiceProvider();
        return [.. services.GetServices<IGameAdapter>()];
    }

    [Fact]
    public void Every_action_an_adapter_supports_is_one_the_control_plane_accepts()
    {
        var unknown = RegisteredAdapters()
            .SelectMany(adapter => adapter.SupportedActions.Select(action => $"{adapter.Kind}: {action}"))
            .Where(entry => !GameActions.All.Contains(entry[(entry.IndexOf(": ", StringComparison.Ordinal) + 2)..]))
            .ToList();

        Assert.Empty(unknown);
    }

    [Fact]
    public void Built_in_kinds_list_exactly_the_registered_adapters_and_their_actions()
    {
        var registered = RegisteredAdapters().ToDictionary(adapter => adapter.Kind, adapter => adapter.SupportedActions);

        Assert.Equal(registered.Keys.Order(), GameAdapterRegistry.BuiltInKinds.Keys.Order());
        Assert.All(registered, pair => Assert.Equal(pair.Value, GameAdapterRegistry.BuiltInKinds[pair.Key]));
    }

    [Fact]
    public void Registry_refuses_two_adapters_for_one_kind()
    {
        var adapter = RegisteredAdapters()[0];

        var error = Assert.Throws<ArgumentException>(() => new GameAdapterRegistry([adapter, adapter]));

        Assert.Contains(adapter.Kind, error.Message, StringComparison.Ordinal);
    }
}

using GameOps.EdgeAgent.Adapters;
using GameOps.EdgeAgent.Adapters.Quake3;
using GameOps.EdgeAgent.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace GameOps.EdgeAgent.Tests.Adapters.Quake3;

[Trait("Category", "Slow")]
public sealed class OpenArenaRconOffTests
{
    [Fact]
    public async Task Server_without_an_rconpassword_is_reported_as_having_rcon_off()
    {
        await using var server = await OpenArenaServerProcess.StartAsync(rconPassword: null);
        var adapter = new Quake3RconAdapter(NullLoggerFactory.Instance, TimeProvider.System);
        var config = new GameServerConfig
        {
            Id = "openarena",
            Name = "OpenArena",
            Kind = Quake3RconAdapter.KindName,
            Address = new ServerAddress(server.Host, server.Port),
            Password = "anything",
            AllowedActions = Quake3RconAdapter.Actions,
        };
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var error = await Assert.ThrowsAsync<GameAdapterException>(() => adapter.ProbeAsync(config, deadline.Token));

        Assert.Equal("game server 'openarena' has no rconpassword set, so it refuses all rcon commands", error.Message);
    }
}

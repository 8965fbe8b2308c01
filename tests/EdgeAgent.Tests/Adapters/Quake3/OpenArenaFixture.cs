using GameOps.EdgeAgent.Adapters.Quake3;
using GameOps.EdgeAgent.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace GameOps.EdgeAgent.Tests.Adapters.Quake3;

/// <summary>
/// One real OpenArena server for the tests of <see cref="OpenArenaCollection"/>, and one adapter for all of them: as in
/// the agent, one pacer per server keeps the whole suite inside the server's rcon flood limit.
/// </summary>
public sealed class OpenArenaFixture : IAsyncLifetime
{
    public const string Password = "oa-rcon-5e1d07";

    public OpenArenaServerProcess Server { get; private set; } = null!;

    public Quake3RconAdapter Adapter { get; } = new(NullLoggerFactory.Instance, TimeProvider.System);

    public GameServerConfig Config(string password = Password) => new()
    {
        Id = "openarena",
        Name = "OpenArena",
        Kind = Quake3RconAdapter.KindName,
        Address = new ServerAddress(Server.Host, Server.Port),
        Password = password,
        AllowedActions = Quake3RconAdapter.Actions,
    };

    public async Task InitializeAsync() => Server = await OpenArenaServerProcess.StartAsync(Password);

    public async Task DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}

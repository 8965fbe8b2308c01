using GameOps.EdgeAgent.Adapters.Teeworlds;
using GameOps.EdgeAgent.Configuration;
using GameOps.EdgeAgent.Console;
using Microsoft.Extensions.Logging.Abstractions;

namespace GameOps.EdgeAgent.Tests.Adapters.Teeworlds;

/// <summary>One real Teeworlds server for the tests of <see cref="TeeworldsCollection"/>, and one adapter for them, as in the agent.</summary>
public sealed class TeeworldsFixture : IAsyncLifetime
{
    public const string Password = "tw-econ-3b9a";

    public TeeworldsServerProcess Server { get; private set; } = null!;

    public TeeworldsEconAdapter Adapter { get; } = new(NullLoggerFactory.Instance, TimeProvider.System, NullConsoleLineSink.Instance);

    public GameServerConfig Config(string id = "teeworlds", string password = Password) => new()
    {
        Id = id,
        Name = "Teeworlds",
        Kind = TeeworldsEconAdapter.KindName,
        Address = new ServerAddress(Server.Host, Server.EconPort),
        Password = password,
        AllowedActions = TeeworldsEconAdapter.Actions,
    };

    public async Task InitializeAsync() => Server = await TeeworldsServerProcess.StartAsync(Password);

    public async Task DisposeAsync()
    {
        await Adapter.DisposeAsync();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}

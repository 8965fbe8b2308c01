using GameOps.AgentProtocol;
using GameOps.EdgeAgent.Adapters;
using GameOps.EdgeAgent.Adapters.Teeworlds;
using GameOps.EdgeAgent.Configuration;
using GameOps.EdgeAgent.Console;
using Microsoft.Extensions.Logging.Abstractions;

namespace GameOps.EdgeAgent.Tests.Adapters.Teeworlds;

[Trait("Category", "Slow")]
public sealed class TeeworldsRestartTests
{
    private const string Password = "tw-restart-51c2";

    [Fact]
    public async Task Job_after_the_server_restarted_logs_in_again_on_its_own()
    {
        await using var server = await TeeworldsServerProcess.StartAsync(Password);
        await using var adapter = new TeeworldsEconAdapter(NullLoggerFactory.Instance, TimeProvider.System, NullConsoleLineSink.Instance);
        var config = new GameServerConfig
        {
            Id = "teeworlds",
            Name = "Teeworlds",
            Kind = TeeworldsEconAdapter.KindName,
            Address = new ServerAddress(server.Host, server.EconPort),
            Password = Password,
            AllowedActions = TeeworldsEconAdapter.Actions,
        };
        var command = new Dictionary<string, string> { ["command"] = "sv_name" };
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await adapter.ExecuteAsync(config, GameActions.ConsoleRaw, command, deadline.Token);

        await server.RestartAsync();
        var result = await adapter.ExecuteAsync(config, GameActions.ConsoleRaw, command, deadline.Token);

        Assert.Contains("Value: GameOps test", result.Text, StringComparison.Ordinal);
    }
}

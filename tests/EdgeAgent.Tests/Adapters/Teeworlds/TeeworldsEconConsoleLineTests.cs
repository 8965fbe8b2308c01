using GameOps.AgentProtocol;
using GameOps.EdgeAgent.Adapters.Teeworlds;
using GameOps.EdgeAgent.Configuration;
using GameOps.EdgeAgent.Tests.SevenDays;
using Microsoft.Extensions.Logging.Abstractions;

namespace GameOps.EdgeAgent.Tests.Adapters.Teeworlds;

/// <summary>What a Teeworlds econ prints reaches the console-line sink, so join, leave and chat reach the control plane's parsers.</summary>
public sealed class TeeworldsEconConsoleLineTests
{
    private const string Password = "double-econ";

    private static GameServerConfig Server(TeeworldsEconDouble game) => new()
    {
        Id = "tw",
        Name = "Teeworlds double",
        Kind = TeeworldsEconAdapter.KindName,
        Address = new ServerAddress(game.Host, game.Port),
        Password = Password,
        AllowedActions = TeeworldsEconAdapter.Actions,
    };

    private static Dictionary<string, string> Command(string command) => new() { [TeeworldsEconAdapter.CommandArgument] = command };

    private static CancellationTokenSource Deadline(double seconds = 10) => new(TimeSpan.FromSeconds(seconds));

    [Fact]
    public async Task Join_chat_and_leave_lines_reach_the_sink_in_order_without_the_login_or_the_agents_markers()
    {
        await using var game = new TeeworldsEconDouble(Password, hasEcho: true, _ => TeeworldsEconDoubleAnswer.Of("Value: GameOps double"));
        var sink = new RecordingConsoleLineSink();
        await using var adapter = new TeeworldsEconAdapter(NullLoggerFactory.Instance, TimeProvider.System, new TeeworldsEconClientOptions(), sink);
        using var deadline = Deadline();
        await adapter.ExecuteAsync(Server(game), GameActions.ConsoleRaw, Command("sv_name"), deadline.Token);

        await game.PushJoinAsync(3, "Ålice: 'the' tee", team: 0);
        await game.PushChatAsync(3, "Ålice: 'the' tee", "gg, all");
        await game.PushLeaveAsync(3, "Ålice: 'the' tee");
        var lines = await sink.WaitForLinesAsync(4, "the answer and three pushed lines");

        Assert.Equal(
            [
                "[12:00:00][server]: Value: GameOps double",
                "[12:00:00][game]: team_join player='3:Ålice: 'the' tee' team=0",
                "[12:00:00][chat]: 1:3:Ålice: 'the' tee: gg, all",
                "[12:00:00][game]: leave player='3:Ålice: 'the' tee'",
            ],
            lines);
        Assert.All(sink.Published.Snapshot(), entry => Assert.Equal("tw", entry.ServerId));
    }

    [Fact]
    public async Task Lines_heard_on_the_health_probes_connection_are_not_sent_twice()
    {
        await using var game = new TeeworldsEconDouble(Password, hasEcho: true, _ => TeeworldsEconDoubleAnswer.Of("ok"));
        var sink = new RecordingConsoleLineSink();
        await using var adapter = new TeeworldsEconAdapter(NullLoggerFactory.Instance, TimeProvider.System, new TeeworldsEconClientOptions(), sink);
        using var deadline = Deadline();
        await adapter.ExecuteAsync(Server(game), GameActions.ConsoleRaw, Command("sv_name"), deadline.Token);
        await adapter.ProbeAsync(Server(game), deadline.Token);

        await game.PushChatAsync(0, "tee", "once");
        await sink.WaitForLinesAsync(2, "the answer and the chat line");
        // The probe's connection reads its lines in order, so they are all read once its next exchange is answered.
        await adapter.ProbeAsync(Server(game), deadline.Token);
        await adapter.ExecuteAsync(Server(game), GameActions.ConsoleRaw, Command("sv_name"), deadline.Token);
        await sink.WaitForLinesAsync(3, "the second answer");

        Assert.Single(sink.Lines, line => line.EndsWith(": once", StringComparison.Ordinal));
        Assert.DoesNotContain(sink.Lines, line => line.Contains("gameops-", StringComparison.Ordinal));
    }
}

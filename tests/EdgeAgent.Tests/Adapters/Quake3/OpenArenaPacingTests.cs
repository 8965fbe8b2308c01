using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using GameOps.AgentProtocol;
using GameOps.EdgeAgent.Adapters;
using GameOps.EdgeAgent.Adapters.Quake3;
using GameOps.EdgeAgent.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace GameOps.EdgeAgent.Tests.Adapters.Quake3;

/// <summary>
/// The server's flood limit, on servers of their own (the limit is per source address and would leak between tests):
/// unpaced, a burst past ten requests loses some; paced by the adapter, none is lost.
/// </summary>
[Trait("Category", "Slow")]
public sealed class OpenArenaPacingTests(ITestOutputHelper output)
{
    private const string Password = "pace-7c1f";

    [Fact]
    public async Task Paced_requests_beyond_the_servers_burst_are_all_answered()
    {
        await using var server = await OpenArenaServerProcess.StartAsync(Password);
        var adapter = new Quake3RconAdapter(NullLoggerFactory.Instance, TimeProvider.System);
        var config = new GameServerConfig
        {
            Id = "openarena",
            Name = "OpenArena",
            Kind = Quake3RconAdapter.KindName,
            Address = new ServerAddress(server.Host, server.Port),
            Password = Password,
            AllowedActions = Quake3RconAdapter.Actions,
        };
        var stopwatch = Stopwatch.StartNew();

        // console.raw is never resent, so one dropped request would fail its job at the 10 s deadline.
        for (var i = 0; i < 16; i++)
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var result = await adapter.ExecuteAsync(
                config, GameActions.ConsoleRaw, new Dictionary<string, string> { ["command"] = $"echo paced {i}" }, deadline.Token);
            Assert.Equal($"paced {i}\n", result.Text);
        }

        output.WriteLine($"16 paced requests took {stopwatch.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task Unpaced_burst_beyond_ten_requests_is_partly_dropped_by_the_server()
    {
        await using var server = await OpenArenaServerProcess.StartAsync(Password);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.3"), 0));
        socket.Connect(new IPEndPoint(IPAddress.Loopback, server.Port));
        byte[] request = [0xFF, 0xFF, 0xFF, 0xFF, .. "rcon pace-7c1f sv_hostname"u8];

        for (var i = 0; i < 16; i++)
        {
            await socket.SendAsync(request, SocketFlags.None);
        }

        var answers = 0;
        var buffer = new byte[65_535];
        using var quiet = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            while (true)
            {
                await socket.ReceiveAsync(buffer, SocketFlags.None, quiet.Token);
                answers++;
            }
        }
        catch (OperationCanceledException)
        {
        }

        output.WriteLine($"{answers} of 16 unpaced requests answered");
        Assert.InRange(answers, 1, 15);
    }
}

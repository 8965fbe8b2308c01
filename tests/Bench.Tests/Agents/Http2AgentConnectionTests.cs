using System.Collections.Concurrent;
using System.Net;
using GameOps.AgentProtocol;
using GameOps.Bench.Agents;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GameOps.Bench.Tests.Agents;

/// <summary>
/// The bench's own HTTP/2 client against Kestrel and ASP.NET Core gRPC, the server the gateway runs on: what it sends
/// must read as a gRPC client's streams, flow control and pings included.
/// </summary>
public sealed class Http2AgentConnectionTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly RecordingGateway _gateway = new();
    private WebApplication _server = null!;
    private Uri _address = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2);

            // Kestrel closes a connection whose pings go unanswered for this long.
            kestrel.Limits.Http2.KeepAlivePingDelay = TimeSpan.FromSeconds(1);
            kestrel.Limits.Http2.KeepAlivePingTimeout = TimeSpan.FromSeconds(1);
        });
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(_gateway);
        _server = builder.Build();
        _server.MapGrpcService<RecordingGateway>();
        await _server.StartAsync(CancellationToken.None);
        _address = new Uri(_server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
    }

    public async Task DisposeAsync()
    {
        await _server.StopAsync(CancellationToken.None);
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Streams_of_two_agents_share_a_connection_and_each_reads_its_own_acknowledgements()
    {
        await using var connection = await Http2AgentConnection.ConnectAsync(_address, CancellationToken.None);
        using var first = connection.OpenStream(Headers("host-a"));
        using var second = connection.OpenStream(Headers("host-b"));

        await first.RequestStream.WriteAsync(Batch("main", 1, 2, "a"));
        await second.RequestStream.WriteAsync(Batch("s2", 7, 3, "b"));
        await first.RequestStream.WriteAsync(Batch("main", 3, 2, "a"));

        Assert.Equal(("main", 2UL), await NextAckAsync(first));
        Assert.Equal(("main", 4UL), await NextAckAsync(first));
        Assert.Equal(("s2", 9UL), await NextAckAsync(second));
        Assert.Equal(["host-a 1 a", "host-a 2 a", "host-a 3 a", "host-a 4 a"], _gateway.Lines("host-a"));
        Assert.Equal(["host-b 7 b", "host-b 8 b", "host-b 9 b"], _gateway.Lines("host-b"));
        Assert.Equal("Bearer secret-host-a", _gateway.Authorization["host-a"]);
    }

    [Fact]
    public async Task Batches_larger_than_a_frame_and_beyond_the_gateways_windows_arrive_whole_and_in_order()
    {
        // 40 batches of 100 KB: each spans several 16 KB frames, and together they are over Kestrel's windows (768 KB a
        // stream, 1 MB the connection), so they pass only if the client waits for and applies its WINDOW_UPDATEs.
        await using var connection = await Http2AgentConnection.ConnectAsync(_address, CancellationToken.None);
        using var stream = connection.OpenStream(Headers("host-big"));
        var text = new string('x', 1_000);
        for (var batch = 0; batch < 40; batch++)
        {
            await stream.RequestStream.WriteAsync(Batch("main", (ulong)(batch * 100 + 1), 100, text));
        }

        for (var batch = 0; batch < 40; batch++)
        {
            Assert.Equal(("main", (ulong)(batch * 100 + 100)), await NextAckAsync(stream));
        }

        var lines = _gateway.Lines("host-big");
        Assert.Equal(4_000, lines.Count);
        Assert.Equal(Enumerable.Range(1, 4_000).Select(n => $"host-big {n} {text}"), lines);
    }

    [Fact]
    public async Task A_stream_the_gateway_ends_reads_as_ended_and_refuses_writes_while_the_connections_other_streams_go_on()
    {
        await using var connection = await Http2AgentConnection.ConnectAsync(_address, CancellationToken.None);
        using var ended = connection.OpenStream(Headers("host-ended"));
        using var other = connection.OpenStream(Headers("host-other"));

        await ended.RequestStream.WriteAsync(new AgentMessage { Heartbeat = new Heartbeat() });

        Assert.False(await ended.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Timeout));
        var refused = await Assert.ThrowsAsync<RpcException>(() => ended.RequestStream.WriteAsync(Batch("main", 1, 1, "late")));
        Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
        await other.RequestStream.WriteAsync(Batch("main", 1, 1, "still here"));
        Assert.Equal(("main", 1UL), await NextAckAsync(other));
    }

    [Fact]
    public async Task The_gateways_pings_are_answered_so_an_idle_connection_stays_open()
    {
        await using var connection = await Http2AgentConnection.ConnectAsync(_address, CancellationToken.None);
        using var stream = connection.OpenStream(Headers("host-idle"));
        await stream.RequestStream.WriteAsync(Batch("main", 1, 1, "before"));
        Assert.Equal(("main", 1UL), await NextAckAsync(stream));

        // Kestrel pings after a second without frames and gives up a second later: three pings answered is three
        // seconds idle, longer than an unanswered connection would live.
        using var waited = new CancellationTokenSource(Timeout);
        while (connection.PingsAnswered < 3)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), waited.Token);
        }

        await stream.RequestStream.WriteAsync(Batch("main", 2, 1, "after"));
        Assert.Equal(("main", 2UL), await NextAckAsync(stream));
    }

    private static Metadata Headers(string hostId) => new()
    {
        { "x-gameops-host", hostId },
        { "authorization", $"Bearer secret-{hostId}" },
    };

    private static AgentMessage Batch(string serverId, ulong first, int count, string text)
    {
        var batch = new LogBatch { ServerId = serverId };
        for (var i = 0; i < count; i++)
        {
            batch.Entries.Add(new LogEntry { Sequence = first + (ulong)i, Text = text });
        }

        return new AgentMessage { LogBatch = batch };
    }

    private static async Task<(string ServerId, ulong Sequence)> NextAckAsync(IAgentCall call)
    {
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Timeout));
        var ack = call.ResponseStream.Current.LogAck;
        return (ack.ServerId, ack.Sequence);
    }

    /// <summary>Acknowledges each batch with its last number; ends a stream that sends a heartbeat, with an error status.</summary>
    private sealed class RecordingGateway : AgentGateway.AgentGatewayBase
    {
        private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _lines = new();

        public ConcurrentDictionary<string, string> Authorization { get; } = new();

        public List<string> Lines(string hostId) => [.. _lines.GetValueOrDefault(hostId) ?? []];

        public override async Task Connect(IAsyncStreamReader<AgentMessage> requestStream, IServerStreamWriter<ControlMessage> responseStream, ServerCallContext context)
        {
            var hostId = context.RequestHeaders.GetValue("x-gameops-host") ?? "";
            Authorization[hostId] = context.RequestHeaders.GetValue("authorization") ?? "";
            var lines = _lines.GetOrAdd(hostId, _ => new ConcurrentQueue<string>());
            while (await requestStream.MoveNext(context.CancellationToken))
            {
                var message = requestStream.Current;
                if (message.Heartbeat is not null)
                {
                    throw new RpcException(new Status(StatusCode.PermissionDenied, "The test ends this stream."));
                }

                foreach (var entry in message.LogBatch.Entries)
                {
                    lines.Enqueue($"{hostId} {entry.Sequence} {entry.Text}");
                }

                await responseStream.WriteAsync(new ControlMessage
                {
                    LogAck = new LogAck { ServerId = message.LogBatch.ServerId, Sequence = message.LogBatch.Entries[^1].Sequence },
                });
            }
        }
    }
}

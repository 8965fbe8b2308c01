using System.Net;
using GameOps.TestSupport;
using Grpc.Net.Client;

namespace GameOps.Bench.Agents;

/// <summary>
/// N simulated agents on real gRPC streams, either each on its own HTTP/2 connection (as real agents, each on its
/// own host, connect) or packed 100 streams to a connection, Kestrel's limit per connection, so 10,000 streams fit
/// in 100 connections of the load generator. The streams go through Grpc.Net.Client, or with <c>frames</c> through
/// the bench's own lean HTTP/2 client (<see cref="Http2AgentConnection"/>), which costs the generator less per message.
/// </summary>
public sealed class AgentFleet : IAsyncDisposable
{
    /// <summary>Kestrel's default limit of concurrent streams on one HTTP/2 connection.</summary>
    private const int StreamsPerConnection = 100;

    private readonly List<GrpcChannel> _channels = [];
    private readonly List<Http2AgentConnection> _connections = [];

    private readonly int _agentsPerChannel;
    private readonly bool _frames;
    private int _connected;

    private AgentFleet(SimulatedAgent[] agents, Uri gateway, int agentsPerChannel, bool frames)
    {
        Agents = agents;
        Gateway = gateway;
        _agentsPerChannel = agentsPerChannel;
        _frames = frames;
    }

    public Uri Gateway { get; }

    public SimulatedAgent[] Agents { get; }

    /// <summary>Agents for <paramref name="hosts"/>, not connected yet.</summary>
    /// <param name="packStreams">100 streams to an HTTP/2 connection rather than one connection per agent.</param>
    /// <param name="consoleServers">Console-line servers per agent (<see cref="SimulatedAgent.Console"/>); 0 for agents that run jobs.</param>
    /// <param name="jobServers">Servers that run jobs per agent, when it has no console servers (<see cref="SimulatedAgent.JobServers"/>).</param>
    /// <param name="frames">The streams through <see cref="Http2AgentConnection"/> rather than Grpc.Net.Client.</param>
    public static AgentFleet Create(Uri gateway, IReadOnlyList<EnrolledHost> hosts, bool packStreams, int consoleServers = 0, int jobServers = 1, bool frames = false)
    {
        var agents = hosts.Select(h => new SimulatedAgent(h, consoleServers, jobServers)).ToArray();
        if (frames)
        {
            return new AgentFleet(agents, gateway, packStreams ? StreamsPerConnection : 1, frames: true);
        }

        var fleet = new AgentFleet(agents, gateway, packStreams ? 1000 : 1, frames: false);

        // One channel per group of streams that should share connections; a channel opens another HTTP/2
        // connection whenever its current ones carry as many streams as the server allows.
        for (var i = 0; i < hosts.Count; i += fleet._agentsPerChannel)
        {
            fleet._channels.Add(GrpcChannel.ForAddress(gateway, new GrpcChannelOptions
            {
                HttpHandler = new SocketsHttpHandler
                {
                    EnableMultipleHttp2Connections = true,
                    PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
                    PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
                    AutomaticDecompression = DecompressionMethods.None,
                    UseCookies = false,
                },
                DisposeHttpClient = true,
            }));
        }

        return fleet;
    }

    /// <summary>Connects every agent not connected yet, <paramref name="parallel"/> at a time.</summary>
    public Task ConnectAllAsync(int parallel = 64) => ConnectAsync(Agents.Length, parallel);

    /// <summary>Connects agents in order until <paramref name="count"/> of them are connected.</summary>
    public async Task ConnectAsync(int count, int parallel = 64)
    {
        var first = _connected;
        _connected = Math.Max(first, Math.Min(count, Agents.Length));
        if (_frames)
        {
            while (_connections.Count * _agentsPerChannel < _connected)
            {
                _connections.Add(await Http2AgentConnection.ConnectAsync(Gateway));
            }

            await Parallel.ForAsync(first, _connected, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (i, _) =>
                await Agents[i].ConnectAsync(_connections[i / _agentsPerChannel]));
            return;
        }

        await Parallel.ForAsync(first, _connected, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (i, _) =>
            await Agents[i].ConnectAsync(_channels[i / _agentsPerChannel]));
    }

    /// <summary>How many streams have ended since they connected, and the first reason.</summary>
    public (int Count, string? First) Failures()
    {
        var failed = Agents.Where(a => a.Failure is not null).ToArray();
        return (failed.Length, failed.FirstOrDefault()?.Failure);
    }

    public long JobsAnswered => Agents.Sum(a => a.JobsAnswered);

    public async ValueTask DisposeAsync()
    {
        await Parallel.ForEachAsync(Agents, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (agent, _) => await agent.DisposeAsync());
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }

        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
    }
}

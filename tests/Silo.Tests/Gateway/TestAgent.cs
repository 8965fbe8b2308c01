using GameOps.AgentProtocol;
using GameOps.Grains.Jobs;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;

namespace GameOps.Silo.Tests.Gateway;

/// <summary>A hand-driven agent: a real gRPC stream to the gateway whose every message the test chooses.</summary>
internal sealed class TestAgent : IAsyncDisposable
{
    /// <summary>
    /// The instance id test agents send unless told otherwise: every test agent of a host is the same agent process
    /// dialling again, as a real agent reconnects; a second agent of the host needs an instance id of its own.
    /// </summary>
    public const string DefaultInstanceId = "test-agent";

    private readonly GrpcChannel _channel;
    private readonly AsyncDuplexStreamingCall<AgentMessage, ControlMessage> _call;
    private readonly string _instanceId;

    private TestAgent(GrpcChannel channel, AsyncDuplexStreamingCall<AgentMessage, ControlMessage> call, string instanceId)
    {
        _channel = channel;
        _call = call;
        _instanceId = instanceId;
    }

    /// <param name="handler">How to reach the gateway, when not the default way (another source address).</param>
    /// <param name="instanceId">The agent process this stream stands for (see <see cref="DefaultInstanceId"/>).</param>
    public static TestAgent Open(
        Uri gateway, string? hostId, string? credential, HttpMessageHandler? handler = null, string instanceId = DefaultInstanceId)
    {
        var channel = GrpcChannel.ForAddress(gateway, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
        var headers = new Metadata();
        if (hostId is not null)
        {
            headers.Add("x-gameops-host", hostId);
        }

        if (credential is not null)
        {
            headers.Add("authorization", $"Bearer {credential}");
        }

        var call = new AgentGateway.AgentGatewayClient(channel).Connect(headers, deadline: DateTime.UtcNow.AddMinutes(5));
        return new TestAgent(channel, call, instanceId);
    }

    public static async Task<TestAgent> ConnectAsync(Uri gateway, string hostId, string credential, params string[] serverIds)
    {
        var agent = Open(gateway, hostId, credential);
        await agent.HelloAsync(hostId, serverIds.Length == 0 ? ["main"] : serverIds);
        await agent.HeartbeatAsync();
        return agent;
    }

    /// <summary>Connects, says hello listing <paramref name="features"/> (<see cref="AgentFeatures"/>), and heartbeats once.</summary>
    public static async Task<TestAgent> ConnectListingAsync(Uri gateway, string hostId, string credential, string[] features, params string[] serverIds)
    {
        var agent = Open(gateway, hostId, credential);
        await agent.HelloOfKindAsync(hostId, "source-rcon", serverIds, features);
        await agent.HeartbeatAsync();
        return agent;
    }

    /// <summary>Connects, says hello with one server "main" of game <paramref name="kind"/>, and heartbeats once.</summary>
    public static async Task<TestAgent> ConnectWithKindAsync(Uri gateway, string hostId, string credential, string kind)
    {
        var agent = Open(gateway, hostId, credential);
        await agent.HelloOfKindAsync(hostId, kind, ["main"]);
        await agent.HeartbeatAsync();
        return agent;
    }

    public Task HelloAsync(string hostId, params string[] serverIds) => HelloOfKindAsync(hostId, "source-rcon", serverIds);

    private Task HelloOfKindAsync(string hostId, string kind, string[] serverIds, string[]? features = null)
    {
        var hello = new Hello { HostId = hostId, AgentVersion = "test-1.0", InstanceId = _instanceId, Features = { features ?? [] } };
        foreach (var id in serverIds)
        {
            hello.Servers.Add(new GameServerInfo { Id = id, Name = $"Server {id}", Kind = kind, Capabilities = { GameActions.PlayersList, GameActions.ChatSay } });
        }

        return SendAsync(new AgentMessage { Hello = hello });
    }

    public Task HeartbeatAsync() => SendAsync(new AgentMessage
    {
        Heartbeat = new Heartbeat { SentAt = Timestamp.FromDateTime(DateTime.UtcNow), CpuPercent = 12.5, MemoryUsedBytes = 1 << 30, MemoryTotalBytes = 4UL << 30 },
    });

    /// <summary>Heartbeats every 200 ms, as a live agent does, until <paramref name="stop"/> or the stream ends.</summary>
    public async Task HeartbeatUntilAsync(CancellationToken stop)
    {
        try
        {
            while (true)
            {
                await HeartbeatAsync();
                await Task.Delay(TimeSpan.FromMilliseconds(200), stop);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or RpcException or InvalidOperationException)
        {
            // Stopped, or the gateway ended the stream.
        }
    }

    public Task AckAsync(string jobId) => SendAsync(new AgentMessage { Ack = new Ack { JobId = jobId } });

    public Task ReportAsync(string jobId, JobPhase phase, string output = "", string error = "", string dataJson = "") =>
        SendAsync(new AgentMessage { JobUpdate = new JobUpdate { JobId = jobId, Phase = phase, Output = output, Error = error, DataJson = dataJson } });

    public Task SendAsync(AgentMessage message) => _call.RequestStream.WriteAsync(message);

    /// <summary>The next message from the control plane, within the timeout.</summary>
    public async Task<ControlMessage> ReadAsync(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        if (!await _call.ResponseStream.MoveNext(cancel.Token))
        {
            throw new InvalidOperationException("The gateway ended the stream.");
        }

        return _call.ResponseStream.Current;
    }

    /// <summary>Reads until the control plane ends the stream; returns how it ended.</summary>
    public async Task<StatusCode> ReadUntilEndAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            while (await _call.ResponseStream.MoveNext(cancel.Token))
            {
            }

            return StatusCode.OK;
        }
        catch (RpcException exception) when (!cancel.IsCancellationRequested)
        {
            return exception.StatusCode;
        }
    }

    /// <summary>What the control plane sent after the stream's end: read after <see cref="ReadUntilEndAsync"/>.</summary>
    public Metadata Trailers => _call.GetTrailers();

    /// <summary>Ends the stream from the agent's side, as an agent that shuts down does.</summary>
    public Task CompleteAsync() => _call.RequestStream.CompleteAsync();

    public ValueTask DisposeAsync()
    {
        _call.Dispose();
        _channel.Dispose();
        return ValueTask.CompletedTask;
    }
}

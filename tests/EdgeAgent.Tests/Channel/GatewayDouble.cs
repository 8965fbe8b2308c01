using GameOps.AgentProtocol;
using Grpc.Core;

namespace GameOps.EdgeAgent.Tests.Channel;

/// <summary>
/// A stand-in for the control plane's <c>AgentGateway</c>: records each stream's metadata and messages and lets a
/// test push control messages, drop the stream, or refuse the credential. One writer per response stream, as gRPC needs.
/// </summary>
public sealed class GatewayDouble : AgentGateway.AgentGatewayBase
{
    private int _connections;
    private volatile bool _refuseCredential;

    public MessageLog<GatewayConnection> Connections { get; } = new();

    /// <summary>When set, every new stream fails with Unauthenticated, as for a revoked or wrong credential.</summary>
    public bool RefuseCredential
    {
        get => _refuseCredential;
        set => _refuseCredential = value;
    }

    public Task<GatewayConnection> WaitForConnectionAsync(int number) =>
        Connections.WaitForAsync(connection => connection.Number == number, $"stream {number}");

    public void DropAll()
    {
        foreach (var connection in Connections.Snapshot())
        {
            connection.Drop();
        }
    }

    private static async Task ReadAsync(IAsyncStreamReader<AgentMessage> requestStream, GatewayConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            while (await requestStream.MoveNext(cancellationToken))
            {
                connection.Received.Add(requestStream.Current);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or InvalidOperationException or RpcException)
        {
            // The stream ended.
        }
    }

    public override async Task Connect(
        IAsyncStreamReader<AgentMessage> requestStream,
        IServerStreamWriter<ControlMessage> responseStream,
        ServerCallContext context)
    {
        var connection = new GatewayConnection(
            Interlocked.Increment(ref _connections),
            context.RequestHeaders.GetValue("x-gameops-host"),
            context.RequestHeaders.GetValue("authorization"));
        Connections.Add(connection);
        if (RefuseCredential)
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "unknown host or wrong credential"));
        }

        // The request stream must not be touched once this method returns (Kestrel reuses it for a later stream),
        // so the read loop is cancelled and awaited before returning.
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        var reading = ReadAsync(requestStream, connection, ending.Token);
        try
        {
            await foreach (var message in connection.Outgoing.ReadAllAsync(ending.Token))
            {
                await responseStream.WriteAsync(message, ending.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // The agent went away.
        }

        await ending.CancelAsync();
        await reading;
    }
}

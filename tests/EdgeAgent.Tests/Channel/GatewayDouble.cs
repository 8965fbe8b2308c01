using GameOps.AgentProtocol;
using Grpc.Core;

namespace GameOps.EdgeAgent.Tests.Channel;

/// <summary>
/// A stand-in for the control plane's <c>AgentGateway</c>: records each stream's metadata and messages and lets a
/// test push control messages, drop the stream, or refuse new streams. One writer per response stream, as gRPC needs.
/// </summary>
public sealed class GatewayDouble : AgentGateway.AgentGatewayBase
{
    private readonly Lock _refusalLock = new();
    private Status? _refusal;
    private int _connections;

    public MessageLog<GatewayConnection> Connections { get; } = new();

    /// <summary>
    /// Every new stream ends at once with <paramref name="code"/>, as the control plane ends one it refuses
    /// (Unauthenticated for a wrong credential) or a proxy in front of a control plane that is down (Unavailable).
    /// </summary>
    public void Refuse(StatusCode code, string detail)
    {
        lock (_refusalLock)
        {
            _refusal = new Status(code, detail);
        }
    }

    /// <summary>New streams are accepted again.</summary>
    public void Accept()
    {
        lock (_refusalLock)
        {
            _refusal = null;
        }
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
        Status? refusal;
        lock (_refusalLock)
        {
            refusal = _refusal;
        }

        Connections.Add(connection);
        if (refusal is { } status)
        {
            throw new RpcException(status);
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

using System.Threading.Channels;
using GameOps.AgentProtocol;
using GameOps.Grains.Agents;
using Grpc.Core;

namespace GameOps.Silo.Gateway;

/// <summary>
/// One agent's open stream on this silo. It is the grain observer the host grain pushes jobs through,
/// from whichever silo that grain lives on, and it owns the stream's only writer: gRPC allows no
/// concurrent writes, so everything bound for the agent goes through one queue.
/// </summary>
public sealed class AgentConnection(string hostId, TimeProvider time) : IAgentObserver, IDisposable
{
    private readonly Channel<ControlMessage> _outbound = Channel.CreateUnbounded<ControlMessage>(
        new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _abort = new();
    private long _lastHeartbeatTimestamp = time.GetTimestamp();

    public Guid Id { get; } = Guid.NewGuid();

    public string HostId { get; } = hostId;

    /// <summary>Why the silo ended this stream, when it did.</summary>
    public DisconnectReason? AbortReason { get; private set; }

    /// <summary>Cancelled when the silo ends the stream (missed heartbeats, a newer stream).</summary>
    public CancellationToken Aborted => _abort.Token;

    public TimeSpan SinceLastHeartbeat => time.GetElapsedTime(Interlocked.Read(ref _lastHeartbeatTimestamp));

    public void RecordHeartbeat() => Interlocked.Exchange(ref _lastHeartbeatTimestamp, time.GetTimestamp());

    public void Send(ControlMessage message) => _outbound.Writer.TryWrite(message);

    public void Abort(DisconnectReason reason)
    {
        AbortReason ??= reason;
        _abort.Cancel();
    }

    public Task AssignJobAsync(AgentJob job)
    {
        Send(new ControlMessage { JobAssignment = ProtoMapping.ToAssignment(job) });
        return Task.CompletedTask;
    }

    public Task CloseAsync(string reason)
    {
        Abort(DisconnectReason.Superseded);
        return Task.CompletedTask;
    }

    /// <summary>Drains the queue into the stream until the queue completes or the call ends.</summary>
    public async Task RunWriterAsync(IServerStreamWriter<ControlMessage> stream, CancellationToken cancellationToken)
    {
        await foreach (var message in _outbound.Reader.ReadAllAsync(cancellationToken))
        {
            await stream.WriteAsync(message, cancellationToken);
        }
    }

    public void CompleteWriter() => _outbound.Writer.TryComplete();

    public void Dispose() => _abort.Dispose();
}

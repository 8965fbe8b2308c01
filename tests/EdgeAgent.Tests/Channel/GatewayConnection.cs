using System.Threading.Channels;
using GameOps.AgentProtocol;

namespace GameOps.EdgeAgent.Tests.Channel;

/// <summary>One agent stream as the gateway double saw it: its metadata, what the agent sent, and a way to answer or hang up.</summary>
public sealed class GatewayConnection(int number, string? hostId, string? authorization)
{
    private readonly Channel<ControlMessage> _outgoing = System.Threading.Channels.Channel.CreateUnbounded<ControlMessage>();

    public int Number { get; } = number;

    public string? HostId { get; } = hostId;

    public string? Authorization { get; } = authorization;

    public MessageLog<AgentMessage> Received { get; } = new();

    internal ChannelReader<ControlMessage> Outgoing => _outgoing.Reader;

    public void Send(ControlMessage message) => _outgoing.Writer.TryWrite(message);

    public void Assign(JobAssignment assignment) => Send(new ControlMessage { JobAssignment = assignment });

    public void Cancel(string jobId) => Send(new ControlMessage { CancelJob = new CancelJob { JobId = jobId } });

    public void Acknowledge(string jobId) => Send(new ControlMessage { Ack = new Ack { JobId = jobId } });

    /// <summary>Ends the stream from the gateway's side (status OK), as a silo going away would.</summary>
    public void Drop() => _outgoing.Writer.TryComplete();

    public Task<AgentMessage> WaitForUpdateAsync(string jobId, JobPhase phase) =>
        Received.WaitForAsync(
            message => message.JobUpdate is { } update && update.JobId == jobId && update.Phase == phase,
            $"a {phase} update of {jobId} on stream {Number}");

    public override string ToString() => $"stream {Number}";
}

using GameOps.AgentProtocol;
using Grpc.Core;

namespace GameOps.Bench.Agents;

/// <summary>A simulated agent's <c>Connect</c> stream, whichever client carries it; disposing it cancels the stream.</summary>
public interface IAgentCall : IDisposable
{
    IClientStreamWriter<AgentMessage> RequestStream { get; }

    IAsyncStreamReader<ControlMessage> ResponseStream { get; }
}

/// <summary>The stream as Grpc.Net.Client carries it.</summary>
public sealed class GrpcAgentCall(AsyncDuplexStreamingCall<AgentMessage, ControlMessage> call) : IAgentCall
{
    public IClientStreamWriter<AgentMessage> RequestStream => call.RequestStream;

    public IAsyncStreamReader<ControlMessage> ResponseStream => call.ResponseStream;

    public void Dispose() => call.Dispose();
}

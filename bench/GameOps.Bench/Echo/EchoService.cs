using Grpc.Core;

namespace GameOps.Bench.Echo;

/// <summary>Sends every message straight back on the same stream: gRPC with nothing behind it.</summary>
public sealed class EchoService : Echo.EchoBase
{
    public override async Task Bounce(IAsyncStreamReader<EchoMessage> requestStream, IServerStreamWriter<EchoMessage> responseStream, ServerCallContext context)
    {
        while (await requestStream.MoveNext(context.CancellationToken))
        {
            await responseStream.WriteAsync(requestStream.Current, context.CancellationToken);
        }
    }
}

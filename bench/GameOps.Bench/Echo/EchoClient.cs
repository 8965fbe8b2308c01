using System.Net;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;

namespace GameOps.Bench.Echo;

/// <summary>One caller's bidirectional stream to the echo server, on its own HTTP/2 connection.</summary>
public sealed class EchoClient : IAsyncDisposable
{
    private static readonly EchoMessage Message = new() { Payload = ByteString.CopyFrom(new byte[96]) };

    private readonly GrpcChannel _channel;
    private readonly AsyncDuplexStreamingCall<EchoMessage, EchoMessage> _call;

    public EchoClient(Uri address)
    {
        _channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None, UseCookies = false },
            DisposeHttpClient = true,
        });
        _call = new Echo.EchoClient(_channel).Bounce();
    }

    /// <summary>One round trip: a message out and its echo back.</summary>
    public async ValueTask<bool> BounceAsync(CancellationToken cancellationToken)
    {
        await _call.RequestStream.WriteAsync(Message, cancellationToken);
        return await _call.ResponseStream.MoveNext(cancellationToken) && _call.ResponseStream.Current.Payload.Length == Message.Payload.Length;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _call.RequestStream.CompleteAsync();
        }
        catch (Exception exception) when (exception is RpcException or InvalidOperationException or IOException)
        {
            // The stream already ended.
        }

        _call.Dispose();
        _channel.Dispose();
    }
}

using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using GameOps.AgentProtocol;
using Google.Protobuf;
using Grpc.Core;

namespace GameOps.Silo.Tests.Gateway;

/// <summary>
/// Bytes on an authenticated stream that are not an <c>AgentMessage</c>, sent by a hand-built gRPC request over real
/// HTTP/2: a gRPC client library would refuse to send them.
/// </summary>
[Collection(GatewaySiloCollection.Name)]
[Trait("Category", "Slow")]
public sealed class MalformedMessageTests(GatewaySiloFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    // Field 1 (hello) with wire type 2 and a declared length of 100, followed by 3 bytes: the message ends inside a
    // field, which no protobuf parser accepts (https://protobuf.dev/programming-guides/encoding/#length-types).
    private static readonly byte[] Garbage = [0x0A, 0x64, 0x01, 0x02, 0x03];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Garbage_message_ends_the_stream_with_invalid_argument_and_one_log_line(bool afterHello)
    {
        var host = await fixture.Api.CreateEnrolledHostAsync();
        var outputBefore = fixture.Silo.Output.Length;
        var hello = new AgentMessage { Hello = new Hello { HostId = host.Host.Id, AgentVersion = "test-1.0" } };
        byte[][] messages = afterHello ? [hello.ToByteArray(), Garbage] : [Garbage];

        var status = await SendRawAsync(host.Host.Id, host.Credential, messages);

        Assert.Equal(StatusCode.InvalidArgument, status);
        var output = await OutputAfterAsync(outputBefore);
        Assert.Single(output, line => line.Contains($"Host {host.Host.Id} broke the agent protocol: A message on the stream is not a valid AgentMessage.", StringComparison.Ordinal));
        Assert.DoesNotContain(output, line => line.Contains("Exception was thrown by handler", StringComparison.Ordinal));
        Assert.DoesNotContain(output, line => line.Contains(nameof(InvalidProtocolBufferException), StringComparison.Ordinal));
        Assert.DoesNotContain(output, line => line.TrimStart().StartsWith("at ", StringComparison.Ordinal));
    }

    /// <summary>
    /// One <c>AgentGateway/Connect</c> call carrying <paramref name="messages"/> as gRPC length-prefixed messages; returns
    /// the call's <c>grpc-status</c>. Framing from https://github.com/grpc/grpc/blob/master/doc/PROTOCOL-HTTP2.md:
    /// each message is a compressed flag (0), a 4-byte big-endian length and the bytes; the status comes in the
    /// trailers, or in the headers of a Trailers-Only response.
    /// </summary>
    private async Task<StatusCode> SendRawAsync(string hostId, string credential, byte[][] messages)
    {
        var body = new MemoryStream();
        foreach (var message in messages)
        {
            var prefix = new byte[5];
            BinaryPrimitives.WriteUInt32BigEndian(prefix.AsSpan(1), (uint)message.Length);
            body.Write(prefix);
            body.Write(message);
        }

        using var client = new HttpClient(new SocketsHttpHandler()) { Timeout = Patience };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(fixture.Silo.GatewayAddress, "/gameops.agent.v1.AgentGateway/Connect"))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(body.ToArray()),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");
        request.Headers.TryAddWithoutValidation("x-gameops-host", hostId);
        request.Headers.TryAddWithoutValidation("authorization", $"Bearer {credential}");

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await (await response.Content.ReadAsStreamAsync()).CopyToAsync(Stream.Null);
        var status = response.TrailingHeaders.TryGetValues("grpc-status", out var trailer) ? trailer.Single()
            : response.Headers.TryGetValues("grpc-status", out var header) ? header.Single()
            : throw new InvalidOperationException("The response carried no grpc-status.");
        return (StatusCode)int.Parse(status, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The silo's output since <paramref name="start"/>, once everything logged so far is printed: the console logger
    /// writes from one queue, so the line of a host registered now comes after every earlier one.
    /// </summary>
    private async Task<string[]> OutputAfterAsync(int start)
    {
        var marker = await fixture.Api.CreateHostAsync();
        var output = await Eventually.ReadAsync(
            () => Task.FromResult(fixture.Silo.Output),
            text => text.Contains($"Host {marker.Host.Id} registered", StringComparison.Ordinal),
            Patience);
        return output[start..].Split('\n');
    }
}

using System.Buffers;
using System.Text;

namespace GameOps.EdgeAgent.Adapters.SourceRcon;

/// <summary>
/// One request and its answer on a <see cref="RconConnection"/>, as an <see cref="RconFraming"/> drives it: the
/// framing decides what to send and when the answer is complete; this keeps the ids, the answer bytes and the limits.
/// </summary>
internal sealed class RconExchange(RconConnection connection, SourceRconClientOptions options, Func<int> nextId, TimeProvider timeProvider)
{
    private readonly ArrayBufferWriter<byte> _answer = new();
    private bool _sent;

    public string Endpoint => connection.Endpoint;

    /// <summary>
    /// The body length of a packet filled to Valve's 4096-byte Size, the smallest split among these games: an answer packet
    /// at least this long (servers also send longer ones) may have a successor.
    /// </summary>
    public static int FullBodyBytes => RconPacket.MaxBodyBytes;

    /// <summary>The answer so far, decoded. Joined before decoding: a server splits by bytes, which may cut a UTF-8 character in two.</summary>
    public string AnswerText => Encoding.UTF8.GetString(_answer.WrittenSpan);

    public int NextId() => nextId();

    /// <summary>Sends <paramref name="packets"/> in one write.</summary>
    /// <exception cref="RconConnectionClosedException">The exchange's first write failed: the server had closed the connection, and nothing was sent.</exception>
    public Task SendAsync(CancellationToken cancellationToken, params ReadOnlySpan<RconPacket> packets)
    {
        var length = 0;
        foreach (var packet in packets)
        {
            length += packet.GetEncodedLength();
        }

        var request = new byte[length];
        var written = 0;
        foreach (var packet in packets)
        {
            written += packet.Encode(request.AsSpan(written));
        }

        return WriteAsync(request, cancellationToken);
    }

    private async Task WriteAsync(byte[] request, CancellationToken cancellationToken)
    {
        try
        {
            await connection.WriteAsync(request, cancellationToken);
        }
        catch (IOException exception) when (!_sent)
        {
            // A write fails only once the kernel has learnt that the server closed the connection (a reset), before this
            // request was handed over: a request fits in one send, so none of it went out and no server can have read it.
            throw new RconConnectionClosedException("the server had closed the connection before the command was sent", exception);
        }

        _sent = true;
    }

    /// <summary>The next packet; a packet saying the connection's authentication was withdrawn ends the exchange.</summary>
    /// <exception cref="RconAuthenticationException">The server answered with AUTH_RESPONSE id −1.</exception>
    public async ValueTask<RconFrame> ReadAsync(CancellationToken cancellationToken)
    {
        var frame = await connection.ReadAsync(cancellationToken);
        if (frame.Type == RconPacketType.AuthResponse && frame.Id == -1)
        {
            throw new RconAuthenticationException($"The RCON server at {Endpoint} no longer accepts this connection's authentication.");
        }

        return frame;
    }

    /// <summary>
    /// The next packet if it starts to arrive within <paramref name="quiet"/>; null when the wire stays silent that long.
    /// Silence is measured in bytes, not whole packets: once a packet has begun, the rest of it is awaited under
    /// <paramref name="cancellationToken"/> alone, so a slow sender is not cut off in the middle of a packet.
    /// </summary>
    public async ValueTask<RconFrame?> ReadWithinAsync(TimeSpan quiet, CancellationToken cancellationToken)
    {
        using (var quietPeriod = new CancellationTokenSource(quiet, timeProvider))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, quietPeriod.Token))
        {
            try
            {
                await connection.WaitForBytesAsync(linked.Token);
            }
            catch (OperationCanceledException) when (quietPeriod.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                return null;
            }
        }

        return await ReadAsync(cancellationToken);
    }

    /// <summary>
    /// Whether <paramref name="frame"/> carries (part of) the answer to the request <paramref name="requestId"/>: a
    /// RESPONSE_VALUE with the request's id, or with id 0 from a game that does not echo ids (Palworld).
    /// </summary>
    public bool IsAnswerTo(RconFrame frame, int requestId) =>
        frame.Type == RconPacketType.ResponseValue && (frame.Id == requestId || (!options.AnswersEchoRequestId && frame.Id == 0));

    /// <exception cref="RconProtocolException">The answer grew past <see cref="SourceRconClientOptions.MaxResponseBytes"/>.</exception>
    public void Append(RconFrame frame)
    {
        if (_answer.WrittenCount + frame.Body.Length > options.MaxResponseBytes)
        {
            throw new RconProtocolException($"the answer is larger than {options.MaxResponseBytes} bytes");
        }

        _answer.Write(frame.Body);
    }
}

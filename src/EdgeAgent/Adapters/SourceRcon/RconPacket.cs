using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace GameOps.EdgeAgent.Adapters.SourceRcon;

/// <summary>
/// One Source RCON packet, laid out as https://developer.valvesoftware.com/wiki/Source_RCON_Protocol#Basic_Packet_Structure
/// describes: int32 little-endian Size (the bytes that follow it), int32 Id, int32 Type, the body, a NUL ending
/// the body and one more NUL (the "empty string").
/// </summary>
/// <param name="Id">The request id chosen by the client and echoed by the server (−1 in a failed auth response).</param>
/// <param name="Type">One of the <see cref="RconPacketType"/> values.</param>
/// <param name="Body">The body text, sent as UTF-8 (ASCII for the protocol's own purposes).</param>
public readonly record struct RconPacket(int Id, int Type, string Body)
{
    /// <summary>The smallest valid Size field: id, type and the two NUL bytes of an empty body.</summary>
    public const int MinSize = 10;

    /// <summary>The largest valid Size field, per the protocol description: the limit for what the agent sends.</summary>
    public const int MaxSize = 4096;

    /// <summary>
    /// The largest Size field the agent accepts from a server. Servers send more than the page's 4096 (CS2 answers
    /// <c>cvarlist</c> with packets over 4200 bytes, https://github.com/Challengermode/CoreRcon/issues/45; Minecraft fills
    /// 4096 body bytes); this bound only stops a stream that is out of step from buffering gigabytes.
    /// </summary>
    public const int MaxReceivedSize = 1024 * 1024;

    /// <summary>The largest body, in bytes, that fits a packet of <see cref="MaxSize"/>.</summary>
    public const int MaxBodyBytes = MaxSize - MinSize;

    private const int SizeFieldLength = 4;

    /// <summary>The number of bytes <see cref="Encode(Span{byte})"/> writes for this packet, size field included.</summary>
    public int GetEncodedLength() => SizeFieldLength + MinSize + Encoding.UTF8.GetByteCount(Body ?? string.Empty);

    /// <summary>Encodes the packet into a new array.</summary>
    /// <exception cref="RconProtocolException">The body is longer than <see cref="MaxBodyBytes"/> bytes.</exception>
    public byte[] Encode()
    {
        var bytes = new byte[GetEncodedLength()];
        Encode(bytes);
        return bytes;
    }

    /// <summary>Encodes the packet into <paramref name="destination"/> and returns the number of bytes written.</summary>
    /// <exception cref="RconProtocolException">The body is longer than <see cref="MaxBodyBytes"/> bytes.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="GetEncodedLength"/>.</exception>
    public int Encode(Span<byte> destination)
    {
        var body = Body ?? string.Empty;
        var bodyLength = Encoding.UTF8.GetByteCount(body);
        if (bodyLength > MaxBodyBytes)
        {
            throw new RconProtocolException(
                $"a packet body may be at most {MaxBodyBytes} bytes; this one is {bodyLength} bytes");
        }

        var total = SizeFieldLength + MinSize + bodyLength;
        if (destination.Length < total)
        {
            throw new ArgumentException($"The packet needs {total} bytes; the destination has {destination.Length}.", nameof(destination));
        }

        BinaryPrimitives.WriteInt32LittleEndian(destination, MinSize + bodyLength);
        BinaryPrimitives.WriteInt32LittleEndian(destination[4..], Id);
        BinaryPrimitives.WriteInt32LittleEndian(destination[8..], Type);
        Encoding.UTF8.GetBytes(body, destination[12..]);
        destination[12 + bodyLength] = 0;
        destination[13 + bodyLength] = 0;
        return total;
    }

    /// <summary>
    /// Decodes the first packet of <paramref name="buffer"/>. Returns <see langword="false"/> when more bytes are
    /// needed; otherwise the packet and how many bytes it took. Never reads past the first packet.
    /// </summary>
    /// <exception cref="RconProtocolException">The bytes are not a valid packet (size outside 10..4096, missing NULs).</exception>
    public static bool TryDecode(ReadOnlySpan<byte> buffer, out RconPacket packet, out int bytesConsumed)
    {
        packet = default;
        bytesConsumed = 0;
        if (buffer.Length < SizeFieldLength)
        {
            return false;
        }

        var size = BinaryPrimitives.ReadInt32LittleEndian(buffer);
        EnsureValidSize(size);
        if (buffer.Length - SizeFieldLength < size)
        {
            return false;
        }

        var frame = buffer.Slice(SizeFieldLength, size);
        EnsureTerminated(frame[^2], frame[^1]);
        packet = new RconPacket(
            BinaryPrimitives.ReadInt32LittleEndian(frame),
            BinaryPrimitives.ReadInt32LittleEndian(frame[4..]),
            Encoding.UTF8.GetString(frame[8..^2]));
        bytesConsumed = SizeFieldLength + size;
        return true;
    }

    /// <summary>
    /// Decodes the first packet of <paramref name="buffer"/> and, on success, slices it off the front of
    /// <paramref name="buffer"/>. Returns <see langword="false"/> (leaving <paramref name="buffer"/> as it was)
    /// when more bytes are needed.
    /// </summary>
    /// <exception cref="RconProtocolException">The bytes are not a valid packet (size outside 10..4096, missing NULs).</exception>
    public static bool TryDecode(ref ReadOnlySequence<byte> buffer, out RconPacket packet)
    {
        if (!TryReadFrame(ref buffer, out var id, out var type, out var body))
        {
            packet = default;
            return false;
        }

        packet = new RconPacket(id, type, Encoding.UTF8.GetString(body));
        return true;
    }

    /// <summary>
    /// Like <see cref="TryDecode(ref ReadOnlySequence{byte}, out RconPacket)"/>, but hands back the raw body bytes
    /// (still in <paramref name="buffer"/>'s memory) so a multi-packet answer can be joined before it is decoded:
    /// the server splits by bytes, not by characters.
    /// </summary>
    internal static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, out int id, out int type, out ReadOnlySequence<byte> body) =>
        TryReadFrame(ref buffer, MaxSize, out id, out type, out body);

    /// <summary>
    /// Like <see cref="TryReadFrame(ref ReadOnlySequence{byte}, out int, out int, out ReadOnlySequence{byte})"/>, accepting
    /// a Size up to <paramref name="maxSize"/>: what servers send may be larger than the Valve page allows (see <see cref="MaxReceivedSize"/>).
    /// </summary>
    internal static bool TryReadFrame(
        ref ReadOnlySequence<byte> buffer, int maxSize, out int id, out int type, out ReadOnlySequence<byte> body)
    {
        id = 0;
        type = 0;
        body = default;
        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryReadLittleEndian(out int size))
        {
            return false;
        }

        // Refuse a bad size as soon as its four bytes are in, before buffering anything it announces.
        EnsureValidSize(size, maxSize);
        if (reader.Remaining < size)
        {
            return false;
        }

        reader.TryReadLittleEndian(out id);
        reader.TryReadLittleEndian(out type);
        var bodyLength = size - MinSize;
        body = reader.UnreadSequence.Slice(0, bodyLength);
        reader.Advance(bodyLength);
        reader.TryRead(out var terminator);
        reader.TryRead(out var pad);
        EnsureTerminated(terminator, pad);
        buffer = buffer.Slice(reader.Position);
        return true;
    }

    private static void EnsureValidSize(int size, int maxSize = MaxSize)
    {
        if (size < MinSize || size > maxSize)
        {
            throw new RconProtocolException(
                $"a packet's size {size} is outside the accepted range {MinSize}..{maxSize}: " +
                "the peer does not speak Source RCON or the stream is out of step");
        }
    }

    private static void EnsureTerminated(byte terminator, byte pad)
    {
        if (terminator != 0 || pad != 0)
        {
            throw new RconProtocolException(
                "a packet does not end with two NUL bytes: the peer does not speak Source RCON or the stream is out of step");
        }
    }

    // An AUTH packet's body is the password: keep it out of ToString, so out of logs and assertion messages.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Id = ").Append(Id)
            .Append(", Type = ").Append(Type)
            .Append(", Body = ").Append(Type == RconPacketType.Auth ? "<redacted>" : Body);
        return true;
    }
}

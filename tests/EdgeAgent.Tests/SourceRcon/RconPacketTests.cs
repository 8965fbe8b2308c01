using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using GameOps.EdgeAgent.Adapters.SourceRcon;

namespace GameOps.EdgeAgent.Tests.SourceRcon;

public sealed class RconPacketTests
{
    // Written out by hand from https://developer.valvesoftware.com/wiki/Source_RCON_Protocol#Basic_Packet_Structure:
    // Size = 4 (id) + 4 (type) + 6 ("status") + 2 (NUL ending the body, NUL "empty string") = 16.
    private static readonly byte[] ExecStatusId7 =
    [
        0x10, 0x00, 0x00, 0x00, // Size 16, int32 little-endian
        0x07, 0x00, 0x00, 0x00, // Id 7
        0x02, 0x00, 0x00, 0x00, // Type 2, SERVERDATA_EXECCOMMAND
        0x73, 0x74, 0x61, 0x74, 0x75, 0x73, // "status"
        0x00, // body terminator
        0x00, // empty string
    ];

    // An AUTH packet whose id has four distinct bytes, so byte order shows: Size = 4 + 4 + 2 ("pw") + 2 = 12.
    private static readonly byte[] AuthPwId0A0B0C0D =
    [
        0x0C, 0x00, 0x00, 0x00, // Size 12
        0x0D, 0x0C, 0x0B, 0x0A, // Id 0x0A0B0C0D, least significant byte first
        0x03, 0x00, 0x00, 0x00, // Type 3, SERVERDATA_AUTH
        0x70, 0x77, // "pw"
        0x00, 0x00,
    ];

    // The failed-auth answer: SERVERDATA_AUTH_RESPONSE with id −1 and an empty body, the smallest packet (Size 10).
    private static readonly byte[] FailedAuthResponse =
    [
        0x0A, 0x00, 0x00, 0x00, // Size 10
        0xFF, 0xFF, 0xFF, 0xFF, // Id −1
        0x02, 0x00, 0x00, 0x00, // Type 2, SERVERDATA_AUTH_RESPONSE
        0x00, 0x00,
    ];

    [Fact]
    public void Exec_command_encodes_to_the_bytes_of_the_spec()
    {
        var bytes = new RconPacket(7, RconPacketType.ExecCommand, "status").Encode();

        Assert.Equal(ExecStatusId7, bytes);
    }

    [Fact]
    public void Auth_packet_encodes_its_id_little_endian()
    {
        var bytes = new RconPacket(0x0A0B0C0D, RconPacketType.Auth, "pw").Encode();

        Assert.Equal(AuthPwId0A0B0C0D, bytes);
    }

    [Fact]
    public void Empty_body_encodes_to_the_ten_byte_minimum()
    {
        var bytes = new RconPacket(-1, RconPacketType.AuthResponse, string.Empty).Encode();

        Assert.Equal(FailedAuthResponse, bytes);
    }

    [Fact]
    public void Spec_bytes_decode_to_the_packet_and_consume_all_of_it()
    {
        var decoded = RconPacket.TryDecode(ExecStatusId7, out var packet, out var consumed);

        Assert.True(decoded);
        Assert.Equal(new RconPacket(7, RconPacketType.ExecCommand, "status"), packet);
        Assert.Equal(ExecStatusId7.Length, consumed);
    }

    [Fact]
    public void Coalesced_packets_decode_one_at_a_time()
    {
        byte[] both = [.. ExecStatusId7, .. FailedAuthResponse];

        Assert.True(RconPacket.TryDecode(both, out var first, out var firstLength));
        Assert.True(RconPacket.TryDecode(both.AsSpan(firstLength), out var second, out var secondLength));

        Assert.Equal((7, "status"), (first.Id, first.Body));
        Assert.Equal((-1, RconPacketType.AuthResponse), (second.Id, second.Type));
        Assert.Equal(both.Length, firstLength + secondLength);
    }

    [Fact]
    public void Coalesced_packets_in_a_sequence_are_sliced_off_one_at_a_time()
    {
        var buffer = new ReadOnlySequence<byte>([.. AuthPwId0A0B0C0D, .. ExecStatusId7]);

        Assert.True(RconPacket.TryDecode(ref buffer, out var first));
        Assert.True(RconPacket.TryDecode(ref buffer, out var second));

        Assert.Equal((0x0A0B0C0D, "pw"), (first.Id, first.Body));
        Assert.Equal((7, "status"), (second.Id, second.Body));
        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    public void Packet_arriving_byte_by_byte_needs_more_bytes_until_its_last_byte()
    {
        for (var length = 0; length < ExecStatusId7.Length; length++)
        {
            Assert.False(RconPacket.TryDecode(ExecStatusId7.AsSpan(0, length), out _, out var consumed));
            Assert.Equal(0, consumed);
        }

        Assert.True(RconPacket.TryDecode(ExecStatusId7, out var packet, out _));
        Assert.Equal("status", packet.Body);
    }

    [Fact]
    public void Packet_spread_over_one_byte_segments_decodes()
    {
        var buffer = OneByteSegments([.. ExecStatusId7, .. FailedAuthResponse]);

        Assert.True(RconPacket.TryDecode(ref buffer, out var first));
        Assert.True(RconPacket.TryDecode(ref buffer, out var second));

        Assert.Equal(new RconPacket(7, RconPacketType.ExecCommand, "status"), first);
        Assert.Equal(new RconPacket(-1, RconPacketType.AuthResponse, string.Empty), second);
        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    public void Incomplete_sequence_is_left_untouched()
    {
        var buffer = OneByteSegments(ExecStatusId7.AsSpan(0, ExecStatusId7.Length - 1).ToArray());
        var before = buffer;

        Assert.False(RconPacket.TryDecode(ref buffer, out _));
        Assert.Equal(before.Start, buffer.Start);
        Assert.Equal(before.Length, buffer.Length);
    }

    [Theory]
    [InlineData(4097)]
    [InlineData(9)]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    [InlineData(int.MaxValue)]
    public void Size_outside_10_to_4096_is_refused_from_its_four_bytes(int size)
    {
        var sizeOnly = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(sizeOnly, size);
        var sequence = new ReadOnlySequence<byte>(sizeOnly);

        var fromSpan = Assert.Throws<RconProtocolException>(() => RconPacket.TryDecode(sizeOnly, out _, out _));
        Assert.Throws<RconProtocolException>(() => RconPacket.TryDecode(ref sequence, out _));
        Assert.Contains(size.ToString(System.Globalization.CultureInfo.InvariantCulture), fromSpan.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Size_of_exactly_4096_is_accepted()
    {
        var body = new string('x', RconPacket.MaxBodyBytes);
        var bytes = new RconPacket(1, RconPacketType.ResponseValue, body).Encode();

        Assert.True(RconPacket.TryDecode(bytes, out var packet, out _));
        Assert.Equal(4096, BinaryPrimitives.ReadInt32LittleEndian(bytes));
        Assert.Equal(body, packet.Body);
    }

    [Fact]
    public void Body_that_would_exceed_4096_is_refused_on_encode()
    {
        var packet = new RconPacket(1, RconPacketType.ExecCommand, new string('x', RconPacket.MaxBodyBytes + 1));

        Assert.Throws<RconProtocolException>(() => packet.Encode());
    }

    [Fact]
    public void Packet_not_ending_in_two_nuls_is_refused()
    {
        var bytes = ExecStatusId7.ToArray();
        bytes[^1] = 0x41;

        Assert.Throws<RconProtocolException>(() => RconPacket.TryDecode(bytes, out _, out _));
    }

    [Fact]
    public void Utf8_body_round_trips()
    {
        var sent = new RconPacket(42, RconPacketType.ResponseValue, "Grüße, 世界");

        Assert.True(RconPacket.TryDecode(sent.Encode(), out var received, out _));
        Assert.Equal(sent, received);
    }

    [Fact]
    public void Auth_packet_text_hides_the_password()
    {
        var text = new RconPacket(1, RconPacketType.Auth, "hunter2").ToString();

        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Random_bytes_yield_only_packets_or_protocol_errors_and_finish_fast()
    {
        var random = new Random(20_240_611);
        var outcomes = new Dictionary<string, int> { ["packet"] = 0, ["more"] = 0, ["refused"] = 0 };
        var stopwatch = Stopwatch.StartNew();

        for (var i = 0; i < 10_000; i++)
        {
            var bytes = new byte[random.Next(0, 64)];
            random.NextBytes(bytes);

            // Half the inputs start with a plausible size, so the decoder gets past the size check.
            if (i % 2 == 0 && bytes.Length >= 4)
            {
                BinaryPrimitives.WriteInt32LittleEndian(bytes, random.Next(8, 40));
                if (i % 4 == 0 && bytes.Length >= 14)
                {
                    bytes[^1] = 0;
                    bytes[^2] = 0;
                }
            }

            DecodeAll(bytes, outcomes);
            DecodeAllAsSequence(RandomSegments(bytes, random));
        }

        stopwatch.Stop();
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"10,000 decodes took {stopwatch.Elapsed}.");
        Assert.All(outcomes.Values, count => Assert.True(count > 0, "Every outcome should be exercised."));
    }

    private static void DecodeAll(byte[] bytes, Dictionary<string, int> outcomes)
    {
        var offset = 0;
        try
        {
            while (RconPacket.TryDecode(bytes.AsSpan(offset), out _, out var consumed))
            {
                Assert.InRange(consumed, 14, bytes.Length - offset);
                offset += consumed;
                outcomes["packet"]++;
            }

            outcomes["more"]++;
        }
        catch (RconProtocolException)
        {
            outcomes["refused"]++;
        }
    }

    private static void DecodeAllAsSequence(ReadOnlySequence<byte> buffer)
    {
        try
        {
            while (RconPacket.TryDecode(ref buffer, out _))
            {
            }
        }
        catch (RconProtocolException)
        {
        }
    }

    private static ReadOnlySequence<byte> OneByteSegments(byte[] bytes) =>
        Segments(bytes, Enumerable.Repeat(1, bytes.Length));

    private static ReadOnlySequence<byte> RandomSegments(byte[] bytes, Random random)
    {
        var lengths = new List<int>();
        for (var left = bytes.Length; left > 0;)
        {
            var length = Math.Min(left, random.Next(1, 8));
            lengths.Add(length);
            left -= length;
        }

        return Segments(bytes, lengths);
    }

    private static ReadOnlySequence<byte> Segments(byte[] bytes, IEnumerable<int> lengths)
    {
        if (bytes.Length == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        Segment? first = null;
        Segment? last = null;
        var offset = 0;
        foreach (var length in lengths)
        {
            var segment = new Segment(bytes.AsMemory(offset, length), offset);
            offset += length;
            if (last is null)
            {
                first = segment;
            }
            else
            {
                last.Next = segment;
            }

            last = segment;
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public new Segment? Next
        {
            get => (Segment?)base.Next;
            set => base.Next = value;
        }
    }
}

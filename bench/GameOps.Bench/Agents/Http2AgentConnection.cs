using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;
using GameOps.AgentProtocol;
using Google.Protobuf;
using Grpc.Core;

namespace GameOps.Bench.Agents;

/// <summary>
/// A lean HTTP/2 client for simulated agents' <c>Connect</c> streams, many to one cleartext connection to the gateway
/// (<c>--console-client frames</c>). The console run's thousand agents share the silo's two cores: through
/// Grpc.Net.Client and SocketsHttpHandler a 2-line batch costs the generator 16-19 µs, through this 10-12 µs
/// (docs/benchmarks.md, "The console run's generator on a client of its own"). Here a message is framed into one
/// buffer that a single send loop writes, several frames to a send. The silo reads the same bytes a
/// gRPC client sends: HTTP/2 with prior knowledge (RFC 9113 §3.3), frames as in §4.1 and §6, flow control as in §5.2
/// (the gateway's windows are honoured, and this client advertises the largest window so the gateway never waits for
/// one), header blocks as HPACK literals without indexing (RFC 7541 §6.2.2), each gRPC message with its 5-byte prefix
/// (grpc/grpc doc/PROTOCOL-HTTP2.md, "Length-Prefixed-Message"). Responses are read for their messages only: header and
/// trailer blocks are not decoded, so a stream the gateway ends reports that it ended, not its gRPC status.
/// </summary>
public sealed class Http2AgentConnection : IAsyncDisposable
{
    public const string ConnectPath = "/gameops.agent.v1.AgentGateway/Connect";

    private const int FrameHeaderLength = 9;
    private const int GrpcPrefixLength = 5;
    private const int DefaultMaxFrameSize = 16_384;
    private const int DefaultWindow = 65_535;
    private const int LargestWindow = int.MaxValue;

    // Past this many bytes waiting to be sent, writers wait for the send under way.
    private const int MaxBufferedBytes = 4 * 1024 * 1024;

    private const byte Data = 0x0, Headers = 0x1, ResetStream = 0x3, Settings = 0x4, Ping = 0x6, GoAway = 0x7, WindowUpdate = 0x8;
    private const byte EndStream = 0x1, Ack = 0x1, EndHeaders = 0x4, Padded = 0x8, Priority = 0x20;
    private const ushort SettingsEnablePush = 0x2, SettingsInitialWindowSize = 0x4, SettingsMaxFrameSize = 0x5;
    private const int CancelError = 0x8;

    private static ReadOnlySpan<byte> Preface => "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8;

    private readonly Socket _socket;
    private readonly string _authority;
    private readonly Lock _gate = new();
    private readonly Dictionary<int, AgentStream> _streams = [];
    private readonly CancellationTokenSource _closing = new();
    private ArrayBufferWriter<byte> _outgoing = new(64 * 1024);
    private ArrayBufferWriter<byte> _sending = new(64 * 1024);
    private Task _sendLoop = Task.CompletedTask;
    private Task _readLoop = Task.CompletedTask;
    private bool _sendLoopRunning;
    private int _nextStreamId = 1;
    private long _sendWindow = DefaultWindow;
    private int _peerInitialWindow = DefaultWindow;
    private int _peerMaxFrameSize = DefaultMaxFrameSize;
    private long _receivedSinceUpdate;
    private Exception? _failure;
    private long _pingsAnswered;

    private Http2AgentConnection(Socket socket, string authority)
    {
        _socket = socket;
        _authority = authority;
    }

    /// <summary>PINGs of the gateway this connection answered.</summary>
    public long PingsAnswered => Interlocked.Read(ref _pingsAnswered);

    /// <summary>Connects to the gateway at <paramref name="gateway"/> (<c>http://host:port</c>) and exchanges the connection preface.</summary>
    public static async Task<Http2AgentConnection> ConnectAsync(Uri gateway, CancellationToken cancellationToken = default)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(gateway.Host, gateway.Port, cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var connection = new Http2AgentConnection(socket, gateway.Authority);
        lock (connection._gate)
        {
            var output = connection._outgoing;
            output.Write(Preface);
            WriteFrameHeader(output, 12, Settings, 0, 0);
            WriteSetting(output, SettingsEnablePush, 0);
            WriteSetting(output, SettingsInitialWindowSize, LargestWindow);
            WriteFrameHeader(output, 4, WindowUpdate, 0, 0);
            BinaryPrimitives.WriteInt32BigEndian(output.GetSpan(4), LargestWindow - DefaultWindow);
            output.Advance(4);
            connection.StartSendingLocked();
        }

        connection._readLoop = connection.ReadLoopAsync();
        return connection;
    }

    /// <summary>Opens a <c>Connect</c> stream with the request headers <paramref name="metadata"/> (ASCII values).</summary>
    public IAgentCall OpenStream(Metadata metadata)
    {
        lock (_gate)
        {
            if (_failure is not null)
            {
                throw Ended(_failure);
            }

            var stream = new AgentStream(this, _nextStreamId, _peerInitialWindow);
            _nextStreamId += 2;
            _streams.Add(stream.Id, stream);
            var block = HeaderBlock(metadata);
            WriteFrameHeader(_outgoing, block.Length, Headers, EndHeaders, stream.Id);
            _outgoing.Write(block);
            StartSendingLocked();
            return stream;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Fail(new ObjectDisposedException(nameof(Http2AgentConnection)));
        await _closing.CancelAsync();
        _socket.Dispose();
        await Task.WhenAll(_readLoop, _sendLoop);
        _closing.Dispose();
    }

    // Literal header fields without indexing, new name (RFC 7541 §6.2.2), no Huffman coding: valid for any decoder.
    private byte[] HeaderBlock(Metadata metadata)
    {
        var block = new ArrayBufferWriter<byte>(512);
        WriteHeader(block, ":method", "POST");
        WriteHeader(block, ":scheme", "http");
        WriteHeader(block, ":path", ConnectPath);
        WriteHeader(block, ":authority", _authority);
        WriteHeader(block, "content-type", "application/grpc");
        WriteHeader(block, "te", "trailers");
        foreach (var entry in metadata)
        {
            WriteHeader(block, entry.Key, entry.Value);
        }

        return block.WrittenSpan.ToArray();
    }

    private static void WriteHeader(ArrayBufferWriter<byte> block, string name, string value)
    {
        block.GetSpan(1)[0] = 0x00;
        block.Advance(1);
        WriteString(block, name);
        WriteString(block, value);
    }

    private static void WriteString(ArrayBufferWriter<byte> block, string text)
    {
        var length = Encoding.ASCII.GetByteCount(text);
        WriteInteger(block, length, 7);
        block.Advance(Encoding.ASCII.GetBytes(text, block.GetSpan(length)));
    }

    // RFC 7541 §5.1: the value in the prefix's bits if it fits, else the prefix all ones and the rest in 7-bit groups.
    private static void WriteInteger(ArrayBufferWriter<byte> output, int value, int prefixBits)
    {
        var span = output.GetSpan(6);
        var max = (1 << prefixBits) - 1;
        if (value < max)
        {
            span[0] = (byte)value;
            output.Advance(1);
            return;
        }

        span[0] = (byte)max;
        var written = 1;
        value -= max;
        while (value >= 0x80)
        {
            span[written++] = (byte)(value & 0x7F | 0x80);
            value >>= 7;
        }

        span[written++] = (byte)value;
        output.Advance(written);
    }

    private static void WriteFrameHeader(ArrayBufferWriter<byte> output, int length, byte type, byte flags, int streamId)
    {
        var header = output.GetSpan(FrameHeaderLength);
        header[0] = (byte)(length >> 16);
        header[1] = (byte)(length >> 8);
        header[2] = (byte)length;
        header[3] = type;
        header[4] = flags;
        BinaryPrimitives.WriteInt32BigEndian(header[5..], streamId & int.MaxValue);
        output.Advance(FrameHeaderLength);
    }

    private static void WriteSetting(ArrayBufferWriter<byte> output, ushort id, int value)
    {
        var span = output.GetSpan(6);
        BinaryPrimitives.WriteUInt16BigEndian(span, id);
        BinaryPrimitives.WriteInt32BigEndian(span[2..], value);
        output.Advance(6);
    }

    // A message goes out as it is written when nothing of its stream waits and both windows hold it; otherwise it waits
    // for the gateway's WINDOW_UPDATE, in order.
    private Task Write(AgentStream stream, IMessage message)
    {
        var size = message.CalculateSize();
        var framed = GrpcPrefixLength + size;
        lock (_gate)
        {
            if (_failure is not null || stream.Ended is not null)
            {
                throw Ended(stream.Ended ?? _failure!);
            }

            if (stream.Waiting.Count == 0 && framed <= stream.SendWindow && framed <= _sendWindow && framed <= _peerMaxFrameSize)
            {
                WriteFrameHeader(_outgoing, framed, Data, 0, stream.Id);
                var span = _outgoing.GetSpan(framed);
                span[0] = 0;
                BinaryPrimitives.WriteInt32BigEndian(span[1..], size);
                message.WriteTo(span.Slice(GrpcPrefixLength, size));
                _outgoing.Advance(framed);
                stream.SendWindow -= framed;
                _sendWindow -= framed;
            }
            else
            {
                var bytes = new byte[framed];
                BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(1), size);
                message.WriteTo(bytes.AsSpan(GrpcPrefixLength));
                stream.Waiting.AddLast(bytes);
                SendWaitingLocked(stream);
            }

            StartSendingLocked();
            return _outgoing.WrittenCount > MaxBufferedBytes ? _sendLoop : Task.CompletedTask;
        }
    }

    private void SendWaitingLocked(AgentStream stream)
    {
        while (stream.Waiting.First is { } head)
        {
            var chunk = (int)Math.Min(Math.Min(head.Value.Length, _peerMaxFrameSize), Math.Min(stream.SendWindow, _sendWindow));
            if (chunk <= 0)
            {
                return;
            }

            WriteFrameHeader(_outgoing, chunk, Data, 0, stream.Id);
            _outgoing.Write(head.Value.Span[..chunk]);
            stream.SendWindow -= chunk;
            _sendWindow -= chunk;
            if (chunk < head.Value.Length)
            {
                head.Value = head.Value[chunk..];
            }
            else
            {
                stream.Waiting.RemoveFirst();
            }
        }
    }

    private void EndStreamLocked(AgentStream stream, bool reset)
    {
        if (_failure is not null || !_streams.ContainsKey(stream.Id))
        {
            return;
        }

        if (reset)
        {
            _streams.Remove(stream.Id);
            WriteFrameHeader(_outgoing, 4, ResetStream, 0, stream.Id);
            BinaryPrimitives.WriteInt32BigEndian(_outgoing.GetSpan(4), CancelError);
            _outgoing.Advance(4);
        }
        else
        {
            WriteFrameHeader(_outgoing, 0, Data, EndStream, stream.Id);
        }

        StartSendingLocked();
    }

    private void StartSendingLocked()
    {
        if (_sendLoopRunning || _outgoing.WrittenCount == 0 || _failure is not null)
        {
            return;
        }

        // On the thread pool, not inline: what other streams write before it runs leaves in the same send.
        _sendLoopRunning = true;
        _sendLoop = Task.Run(SendLoopAsync);
    }

    private async Task SendLoopAsync()
    {
        try
        {
            while (true)
            {
                lock (_gate)
                {
                    if (_outgoing.WrittenCount == 0 || _failure is not null)
                    {
                        _sendLoopRunning = false;
                        return;
                    }

                    (_outgoing, _sending) = (_sending, _outgoing);
                }

                var bytes = _sending.WrittenMemory;
                while (!bytes.IsEmpty)
                {
                    bytes = bytes[await _socket.SendAsync(bytes, SocketFlags.None, _closing.Token)..];
                }

                _sending.ResetWrittenCount();
            }
        }
        catch (Exception exception)
        {
            lock (_gate)
            {
                _sendLoopRunning = false;
            }

            Fail(exception);
        }
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[4 * (DefaultMaxFrameSize + FrameHeaderLength)];
        var filled = 0;
        try
        {
            while (true)
            {
                var read = await _socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, _closing.Token);
                if (read == 0)
                {
                    throw new IOException("The gateway closed the connection.");
                }

                filled += read;
                var at = 0;
                while (filled - at >= FrameHeaderLength)
                {
                    var header = buffer.AsSpan(at, FrameHeaderLength);
                    var length = header[0] << 16 | header[1] << 8 | header[2];
                    if (length > DefaultMaxFrameSize)
                    {
                        throw new InvalidDataException($"The gateway sent a frame of {length} bytes, over the {DefaultMaxFrameSize} this client allows.");
                    }

                    if (filled - at < FrameHeaderLength + length)
                    {
                        break;
                    }

                    OnFrame(header[3], header[4], BinaryPrimitives.ReadInt32BigEndian(header[5..]) & int.MaxValue, buffer.AsSpan(at + FrameHeaderLength, length));
                    at += FrameHeaderLength + length;
                }

                buffer.AsSpan(at, filled - at).CopyTo(buffer);
                filled -= at;
            }
        }
        catch (Exception exception)
        {
            Fail(exception);
        }
    }

    private void OnFrame(byte type, byte flags, int streamId, ReadOnlySpan<byte> payload)
    {
        switch (type)
        {
            case Data:
                OnData(flags, streamId, payload);
                break;
            case Headers when (flags & EndStream) != 0:
                // Trailers (or a response of trailers only): the gateway ended the stream. Its status is in the block, not decoded.
                Remove(streamId)?.End(null);
                break;
            case ResetStream:
                Remove(streamId)?.End(new RpcException(new Status(StatusCode.Unavailable,
                    $"The gateway reset the stream (HTTP/2 error {BinaryPrimitives.ReadInt32BigEndian(payload)}).")));
                break;
            case Settings when (flags & Ack) == 0:
                OnSettings(payload);
                break;
            case Ping when (flags & Ack) == 0:
                lock (_gate)
                {
                    WriteFrameHeader(_outgoing, 8, Ping, Ack, 0);
                    _outgoing.Write(payload);
                    StartSendingLocked();
                }

                Interlocked.Increment(ref _pingsAnswered);
                break;
            case GoAway:
                Fail(new IOException($"The gateway is closing the connection (GOAWAY, HTTP/2 error {BinaryPrimitives.ReadInt32BigEndian(payload[4..])})."));
                break;
            case WindowUpdate:
                OnWindowUpdate(streamId, BinaryPrimitives.ReadInt32BigEndian(payload) & int.MaxValue);
                break;
        }
    }

    private void OnData(byte flags, int streamId, ReadOnlySpan<byte> payload)
    {
        var consumed = payload.Length;
        if ((flags & Padded) != 0)
        {
            payload = payload[1..^payload[0]];
        }

        StreamOf(streamId)?.Received(payload);
        if ((flags & EndStream) != 0)
        {
            Remove(streamId)?.End(null);
        }

        // The streams' windows are as large as a window can be and no stream lives to receive 2 GiB; the connection's
        // is topped up again once half of it was used.
        if ((_receivedSinceUpdate += consumed) >= LargestWindow / 2)
        {
            lock (_gate)
            {
                WriteFrameHeader(_outgoing, 4, WindowUpdate, 0, 0);
                BinaryPrimitives.WriteInt32BigEndian(_outgoing.GetSpan(4), (int)_receivedSinceUpdate);
                _outgoing.Advance(4);
                StartSendingLocked();
            }

            _receivedSinceUpdate = 0;
        }
    }

    private void OnSettings(ReadOnlySpan<byte> payload)
    {
        lock (_gate)
        {
            for (var at = 0; at + 6 <= payload.Length; at += 6)
            {
                var value = BinaryPrimitives.ReadInt32BigEndian(payload[(at + 2)..]);
                switch (BinaryPrimitives.ReadUInt16BigEndian(payload[at..]))
                {
                    case SettingsInitialWindowSize:
                        // RFC 9113 §6.9.2: a new initial size moves every open stream's window by the difference.
                        foreach (var stream in _streams.Values)
                        {
                            stream.SendWindow += value - _peerInitialWindow;
                        }

                        _peerInitialWindow = value;
                        break;
                    case SettingsMaxFrameSize:
                        _peerMaxFrameSize = value;
                        break;
                }
            }

            WriteFrameHeader(_outgoing, 0, Settings, Ack, 0);
            foreach (var stream in _streams.Values)
            {
                SendWaitingLocked(stream);
            }

            StartSendingLocked();
        }
    }

    private void OnWindowUpdate(int streamId, int increment)
    {
        lock (_gate)
        {
            if (streamId == 0)
            {
                _sendWindow += increment;
                foreach (var stream in _streams.Values)
                {
                    SendWaitingLocked(stream);
                }
            }
            else if (_streams.TryGetValue(streamId, out var stream))
            {
                stream.SendWindow += increment;
                SendWaitingLocked(stream);
            }

            StartSendingLocked();
        }
    }

    private AgentStream? Remove(int streamId)
    {
        lock (_gate)
        {
            return _streams.Remove(streamId, out var stream) ? stream : null;
        }
    }

    private AgentStream? StreamOf(int streamId)
    {
        lock (_gate)
        {
            return _streams.GetValueOrDefault(streamId);
        }
    }

    private void Fail(Exception exception)
    {
        AgentStream[] streams;
        lock (_gate)
        {
            if (_failure is not null)
            {
                return;
            }

            _failure = exception;
            streams = [.. _streams.Values];
            _streams.Clear();
        }

        foreach (var stream in streams)
        {
            stream.End(Ended(exception));
        }
    }

    private static RpcException Ended(Exception cause) => cause as RpcException
        ?? new RpcException(new Status(StatusCode.Unavailable, $"The connection to the gateway ended: {cause.Message}", cause));

    /// <summary>One <c>Connect</c> stream: messages written are framed onto the connection, messages read come from its read loop.</summary>
    private sealed class AgentStream(Http2AgentConnection connection, int id, int sendWindow)
        : IAgentCall, IClientStreamWriter<AgentMessage>, IAsyncStreamReader<ControlMessage>
    {
        private readonly Channel<ControlMessage> _received = Channel.CreateUnbounded<ControlMessage>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        private readonly ArrayBufferWriter<byte> _partial = new();

        public int Id { get; } = id;

        // Guarded by the connection's gate.
        public long SendWindow { get; set; } = sendWindow;

        /// <summary>Framed messages waiting for window, oldest first; a partly sent one keeps its rest at the front.</summary>
        public LinkedList<ReadOnlyMemory<byte>> Waiting { get; } = new();

        public Exception? Ended { get; private set; }

        public IClientStreamWriter<AgentMessage> RequestStream => this;

        public IAsyncStreamReader<ControlMessage> ResponseStream => this;

        public ControlMessage Current { get; private set; } = null!;

        public WriteOptions? WriteOptions { get; set; }

        public Task WriteAsync(AgentMessage message) => connection.Write(this, message);

        public Task CompleteAsync()
        {
            lock (connection._gate)
            {
                connection.EndStreamLocked(this, reset: false);
            }

            return Task.CompletedTask;
        }

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            while (await _received.Reader.WaitToReadAsync(cancellationToken))
            {
                if (_received.Reader.TryRead(out var message))
                {
                    Current = message;
                    return true;
                }
            }

            return false;
        }

        // Called by the read loop only: gRPC messages may span DATA frames, and a frame may hold several.
        public void Received(ReadOnlySpan<byte> data)
        {
            _partial.Write(data);
            var pending = _partial.WrittenSpan;
            var at = 0;
            while (pending.Length - at >= GrpcPrefixLength)
            {
                var length = BinaryPrimitives.ReadInt32BigEndian(pending[(at + 1)..]);
                if (pending.Length - at - GrpcPrefixLength < length)
                {
                    break;
                }

                if (pending[at] != 0)
                {
                    End(new RpcException(new Status(StatusCode.Internal, "The gateway sent a compressed message, which this client did not ask for.")));
                    return;
                }

                _received.Writer.TryWrite(ControlMessage.Parser.ParseFrom(pending.Slice(at + GrpcPrefixLength, length)));
                at += GrpcPrefixLength + length;
            }

            if (at > 0)
            {
                var rest = pending[at..].ToArray();
                _partial.ResetWrittenCount();
                _partial.Write(rest);
            }
        }

        public void End(Exception? failure)
        {
            lock (connection._gate)
            {
                Ended ??= failure ?? new RpcException(new Status(StatusCode.Unavailable, "The gateway ended the stream."));
            }

            _received.Writer.TryComplete(failure);
        }

        public void Dispose()
        {
            lock (connection._gate)
            {
                connection.EndStreamLocked(this, reset: true);
                Ended ??= new RpcException(new Status(StatusCode.Cancelled, "The stream was cancelled by the bench."));
            }

            _received.Writer.TryComplete();
        }
    }
}

using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;

namespace GameOps.EdgeAgent.Adapters.SourceRcon;

/// <summary>One TCP connection to a Source RCON server: writes whole requests, reads one packet at a time.</summary>
internal sealed class RconConnection(string endpoint, int maxPacketSize) : IDisposable
{
    private TcpClient? _client;
    private NetworkStream? _stream;
    private PipeReader? _reader;

    public string Endpoint { get; } = endpoint;

    /// <summary>Whether the TCP connection was established (the server's kernel accepted it), whatever happened after.</summary>
    public bool Opened { get; private set; }

    public async Task OpenAsync(string host, int port, CancellationToken cancellationToken)
    {
        _client = new TcpClient { NoDelay = true };
        await _client.ConnectAsync(host, port, cancellationToken);
        Opened = true;
        _stream = _client.GetStream();

        // The reader keeps at most one unfinished packet (its size checked first) plus one read.
        _reader = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 4096, leaveOpen: true));
    }

    public ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken) =>
        Stream.WriteAsync(bytes, cancellationToken);

    /// <summary>
    /// Reads the next packet. Cancelling a read leaves the connection usable: the pipe keeps whatever bytes had
    /// arrived, so a bounded wait for "more packets, if any" does not lose the start of the next one.
    /// </summary>
    /// <exception cref="RconProtocolException">The bytes are not a Source RCON packet.</exception>
    /// <exception cref="IOException">The server closed the connection.</exception>
    public async ValueTask<RconFrame> ReadAsync(CancellationToken cancellationToken)
    {
        var reader = _reader ?? throw new InvalidOperationException("The connection is not open.");
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            if (RconPacket.TryReadFrame(ref buffer, maxPacketSize, out var id, out var type, out var body))
            {
                var frame = new RconFrame(id, type, body.ToArray());

                // Later packets stay unexamined, so the next read sees them without waiting for more bytes.
                reader.AdvanceTo(buffer.Start);
                return frame;
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                throw new IOException($"The RCON server at {Endpoint} closed the connection in the middle of an exchange.");
            }
        }
    }

    /// <summary>
    /// Whether the server has closed this connection (its FIN or RST has arrived), found without waiting: a game restart
    /// leaves every connection to the old process closed, and a command written into one would be lost. Packets that
    /// arrived after the last exchange ended are late packets of it and are dropped, so the close behind them is seen and
    /// the next answer does not begin with them; bytes that are not Source RCON count as a close.
    /// </summary>
    public async ValueTask<bool> IsClosedByServerAsync(CancellationToken cancellationToken)
    {
        var reader = _reader ?? throw new InvalidOperationException("The connection is not open.");
        var socket = _client?.Client ?? throw new InvalidOperationException("The connection is not open.");
        try
        {
            // Readable with nothing to read is a close; readable with bytes is late data, behind which a close may wait.
            while (socket.Poll(0, SelectMode.SelectRead))
            {
                if (socket.Available == 0)
                {
                    return true;
                }

                var result = await reader.ReadAsync(cancellationToken);
                var buffer = result.Buffer;
                while (RconPacket.TryReadFrame(ref buffer, maxPacketSize, out _, out _, out _))
                {
                }

                reader.AdvanceTo(buffer.Start, result.Buffer.End);
                if (result.IsCompleted)
                {
                    return true;
                }
            }

            return false;
        }
        catch (Exception exception) when (exception is IOException or SocketException or RconProtocolException)
        {
            return true; // reset, or out of step: unusable either way
        }
    }

    /// <summary>
    /// Waits until at least one byte of a next packet has arrived, or the server closed the connection (which the next
    /// read reports), consuming nothing.
    /// </summary>
    public async ValueTask WaitForBytesAsync(CancellationToken cancellationToken)
    {
        var reader = _reader ?? throw new InvalidOperationException("The connection is not open.");
        var result = await reader.ReadAsync(cancellationToken);

        // Nothing examined: the next ReadAsync returns these bytes at once.
        reader.AdvanceTo(result.Buffer.Start);
    }

    public void Dispose() => Close(completeReader: true);

    public void Close(bool completeReader)
    {
        if (completeReader)
        {
            _reader?.Complete();
        }

        _client?.Dispose();
    }

    private NetworkStream Stream => _stream ?? throw new InvalidOperationException("The connection is not open.");
}

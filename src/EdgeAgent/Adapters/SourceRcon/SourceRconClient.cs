using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GameOps.EdgeAgent.Adapters.SourceRcon;

/// <summary>
/// A client for one Source RCON connection (https://developer.valvesoftware.com/wiki/Source_RCON_Protocol).
/// Runs one command at a time. Any failure in the middle of an exchange (deadline, cancellation, protocol
/// error, lost connection) closes the connection, because the bytes still in flight would be read as the
/// next command's answer; the caller reconnects with <see cref="ConnectAsync"/>.
/// </summary>
public sealed partial class SourceRconClient : IAsyncDisposable
{
    /// <summary>The longest command accepted, in UTF-8 bytes, leaving room below the 4096-byte packet limit.</summary>
    public const int MaxCommandBytes = 4000;

    private readonly SourceRconClientOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Connection? _connection;
    private int _lastId;
    private volatile bool _disposed;

    public SourceRconClient(
        SourceRconClientOptions? options = null,
        ILogger<SourceRconClient>? logger = null,
        TimeProvider? timeProvider = null)
    {
        _options = options ?? new SourceRconClientOptions();
        _logger = logger ?? NullLogger<SourceRconClient>.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Whether an authenticated connection is open and has not failed.</summary>
    public bool IsConnected => Volatile.Read(ref _connection) is not null;

    /// <summary>
    /// Opens a TCP connection and authenticates with <paramref name="password"/>, closing any connection this
    /// client held before.
    /// </summary>
    /// <exception cref="RconAuthenticationException">The server rejected the password.</exception>
    /// <exception cref="TimeoutException">Connecting and authenticating took longer than <see cref="SourceRconClientOptions.ConnectTimeout"/>.</exception>
    public async Task ConnectAsync(string host, int port, string password, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        ArgumentNullException.ThrowIfNull(password);
        if (password.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("The RCON password must not contain a NUL character.", nameof(password));
        }

        if (Encoding.UTF8.GetByteCount(password) > RconPacket.MaxBodyBytes)
        {
            throw new ArgumentException($"The RCON password must be at most {RconPacket.MaxBodyBytes} bytes.", nameof(password));
        }

        ObjectDisposedException.ThrowIf(_disposed, this);

        await _gate.WaitAsync(cancellationToken);
        try
        {
            Interlocked.Exchange(ref _connection, null)?.Close(completeReader: true);
            var connection = new Connection($"{host}:{port}");
            using var timeout = new CancellationTokenSource(_options.ConnectTimeout, _timeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                await connection.OpenAsync(host, port, linked.Token);
                await AuthenticateAsync(connection, password, linked.Token);
            }
            catch (Exception exception)
            {
                connection.Close(completeReader: true);
                if (exception is RconAuthenticationException)
                {
                    LogPasswordRejected(connection.Endpoint);
                    throw;
                }

                LogConnectFailed(connection.Endpoint, exception);
                if (exception is OperationCanceledException)
                {
                    if (cancellationToken.IsCancellationRequested)
                    {
                        throw new OperationCanceledException(
                            $"Connecting to the RCON server at {connection.Endpoint} was cancelled.", exception, cancellationToken);
                    }

                    if (timeout.IsCancellationRequested)
                    {
                        throw new TimeoutException(
                            $"Connecting and authenticating to the RCON server at {connection.Endpoint} did not finish within " +
                            $"{_options.ConnectTimeout.TotalSeconds:0.###} s.", exception);
                    }
                }

                throw;
            }

            if (_disposed)
            {
                connection.Close(completeReader: true);
                throw new ObjectDisposedException(nameof(SourceRconClient));
            }

            Volatile.Write(ref _connection, connection);
            LogConnected(connection.Endpoint);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Runs <paramref name="command"/> and returns its whole answer, joined from as many RESPONSE_VALUE packets as
    /// the server split it into. Uses the protocol page's "empty packet" workaround: an empty RESPONSE_VALUE sent
    /// right after the command is mirrored back once the full answer has been sent.
    /// </summary>
    /// <exception cref="ArgumentException">The command contains NUL or is longer than <see cref="MaxCommandBytes"/> bytes; nothing was sent.</exception>
    /// <exception cref="InvalidOperationException">The client is not connected.</exception>
    /// <exception cref="TimeoutException">The answer took longer than <see cref="SourceRconClientOptions.CommandTimeout"/>; the connection is closed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired mid-exchange; the connection is closed.</exception>
    /// <exception cref="RconProtocolException">The server broke the protocol; the connection is closed.</exception>
    public async Task<string> ExecuteAsync(string command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException(
                "An RCON command must not contain a NUL character: the protocol ends the body at the first NUL.", nameof(command));
        }

        var commandBytes = Encoding.UTF8.GetByteCount(command);
        if (commandBytes > MaxCommandBytes)
        {
            throw new ArgumentException(
                $"An RCON command may be at most {MaxCommandBytes} bytes; this one is {commandBytes} bytes.", nameof(command));
        }

        ObjectDisposedException.ThrowIf(_disposed, this);

        await _gate.WaitAsync(cancellationToken);
        try
        {
            var connection = Volatile.Read(ref _connection) ?? throw new InvalidOperationException(
                "The RCON client is not connected: it never connected, or its connection was closed after a failure. Call ConnectAsync first.");
            var commandId = NextId();
            var mirrorId = NextId();
            var execute = new RconPacket(commandId, RconPacketType.ExecCommand, command);
            var mirror = new RconPacket(mirrorId, RconPacketType.ResponseValue, string.Empty);
            var request = new byte[execute.GetEncodedLength() + mirror.GetEncodedLength()];
            var written = execute.Encode(request);
            mirror.Encode(request.AsSpan(written));

            using var timeout = new CancellationTokenSource(_options.CommandTimeout, _timeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                await connection.WriteAsync(request, linked.Token);
                var answer = new ArrayBufferWriter<byte>();
                await connection.ReadPacketsAsync(
                    (id, type, body) =>
                    {
                        if (type == RconPacketType.ResponseValue && id == commandId)
                        {
                            if (answer.WrittenCount + body.Length > _options.MaxResponseBytes)
                            {
                                throw new RconProtocolException(
                                    $"The RCON server at {connection.Endpoint} sent an answer larger than {_options.MaxResponseBytes} bytes.");
                            }

                            var length = (int)body.Length;
                            body.CopyTo(answer.GetSpan(length));
                            answer.Advance(length);
                            return false;
                        }

                        if (type == RconPacketType.ResponseValue && id == mirrorId)
                        {
                            return true;
                        }

                        if (type == RconPacketType.AuthResponse && id == -1)
                        {
                            throw new RconAuthenticationException(
                                $"The RCON server at {connection.Endpoint} no longer accepts this connection's authentication.");
                        }

                        // A late packet of an earlier exchange, such as the extra packet SRCDS sends after a mirror.
                        return false;
                    },
                    linked.Token);

                // Joined before decoding: the server splits by bytes, which may cut a UTF-8 character in two.
                return Encoding.UTF8.GetString(answer.WrittenSpan);
            }
            catch (Exception exception)
            {
                Volatile.Write(ref _connection, null);
                connection.Close(completeReader: true);
                LogConnectionBroken(connection.Endpoint, exception);
                if (exception is OperationCanceledException)
                {
                    if (cancellationToken.IsCancellationRequested)
                    {
                        throw new OperationCanceledException(
                            $"The RCON command to {connection.Endpoint} was cancelled before its answer was complete; " +
                            "the connection was closed and must be re-established.", exception, cancellationToken);
                    }

                    if (timeout.IsCancellationRequested)
                    {
                        throw new TimeoutException(
                            $"The RCON server at {connection.Endpoint} did not finish answering within " +
                            $"{_options.CommandTimeout.TotalSeconds:0.###} s; the connection was closed and must be re-established.",
                            exception);
                    }
                }

                throw;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return ValueTask.CompletedTask;
        }

        _disposed = true;
        var connection = Interlocked.Exchange(ref _connection, null);
        if (connection is not null)
        {
            if (_gate.Wait(0))
            {
                try
                {
                    connection.Close(completeReader: true);
                }
                finally
                {
                    _gate.Release();
                }
            }
            else
            {
                // A command is running: closing the socket fails it, and it finishes the clean-up itself.
                connection.Close(completeReader: false);
            }
        }

        return ValueTask.CompletedTask;
    }

    private async Task AuthenticateAsync(Connection connection, string password, CancellationToken cancellationToken)
    {
        var authId = NextId();
        var packet = new RconPacket(authId, RconPacketType.Auth, password).Encode();
        try
        {
            await connection.WriteAsync(packet, cancellationToken);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(packet);
        }

        // SRCDS answers with an empty RESPONSE_VALUE and then the AUTH_RESPONSE; some games send only the latter.
        await connection.ReadPacketsAsync(
            (id, type, _) =>
            {
                if (type != RconPacketType.AuthResponse)
                {
                    return false;
                }

                if (id == authId)
                {
                    return true;
                }

                if (id == -1)
                {
                    throw new RconAuthenticationException(
                        $"The RCON server at {connection.Endpoint} rejected the password.");
                }

                throw new RconProtocolException(
                    $"The RCON server at {connection.Endpoint} answered the auth request {authId} with id {id}.");
            },
            cancellationToken);
    }

    private int NextId()
    {
        // −1 is the server's "wrong password" id, so ids stay positive.
        _lastId = _lastId == int.MaxValue ? 1 : _lastId + 1;
        return _lastId;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Authenticated to the RCON server at {Endpoint}")]
    private partial void LogConnected(string endpoint);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "The RCON server at {Endpoint} rejected the password")]
    private partial void LogPasswordRejected(string endpoint);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Could not connect to the RCON server at {Endpoint}")]
    private partial void LogConnectFailed(string endpoint, Exception exception);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning,
        Message = "Closed the RCON connection to {Endpoint} after a failed command; the next command needs a reconnect")]
    private partial void LogConnectionBroken(string endpoint, Exception exception);

    private sealed class Connection(string endpoint) : IDisposable
    {
        private TcpClient? _client;
        private NetworkStream? _stream;
        private PipeReader? _reader;

        public string Endpoint { get; } = endpoint;

        public async Task OpenAsync(string host, int port, CancellationToken cancellationToken)
        {
            _client = new TcpClient { NoDelay = true };
            await _client.ConnectAsync(host, port, cancellationToken);
            _stream = _client.GetStream();

            // The reader keeps at most one unfinished packet (≤ 4100 bytes, its size checked first) plus one read.
            _reader = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 4096, leaveOpen: true));
        }

        public ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken) =>
            Stream.WriteAsync(bytes, cancellationToken);

        /// <summary>Reads packets and hands each to <paramref name="onPacket"/> until it returns true.</summary>
        public async Task ReadPacketsAsync(Func<int, int, ReadOnlySequence<byte>, bool> onPacket, CancellationToken cancellationToken)
        {
            var reader = _reader ?? throw new InvalidOperationException("The connection is not open.");
            while (true)
            {
                var result = await reader.ReadAsync(cancellationToken);
                var buffer = result.Buffer;
                var done = false;
                while (!done && RconPacket.TryReadFrame(ref buffer, out var id, out var type, out var body))
                {
                    done = onPacket(id, type, body);
                }

                if (done)
                {
                    // Later packets stay unexamined, so the next exchange sees them without waiting for more bytes.
                    reader.AdvanceTo(buffer.Start);
                    return;
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    throw new IOException($"The RCON server at {Endpoint} closed the connection in the middle of an exchange.");
                }
            }
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
}

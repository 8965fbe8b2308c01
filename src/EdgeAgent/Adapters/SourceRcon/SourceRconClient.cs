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
    private RconConnection? _connection;
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
    /// Whether the last <see cref="ConnectAsync"/> got as far as an established TCP connection: a server that accepted
    /// the connection but never answered the password is hung, one that never accepted it is down or unreachable.
    /// </summary>
    internal bool LastConnectOpened { get; private set; }

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
            var connection = new RconConnection($"{host}:{port}", _options.MaxPacketSize);
            LastConnectOpened = false;
            using var timeout = new CancellationTokenSource(_options.ConnectTimeout, _timeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                await connection.OpenAsync(host, port, linked.Token);
                LastConnectOpened = true;
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

                LogConnectFailed(connection.Endpoint, exception.Message);
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
    /// the server split it into. How the end of the answer is found is <see cref="SourceRconClientOptions.Framing"/>'s
    /// business: by default the protocol page's "empty packet" workaround, where an empty RESPONSE_VALUE sent right
    /// after the command is mirrored back once the full answer has been sent.
    /// </summary>
    /// <exception cref="ArgumentException">The command contains NUL or is longer than <see cref="SourceRconClientOptions.MaxCommandBytes"/> bytes; nothing was sent.</exception>
    /// <exception cref="InvalidOperationException">The client is not connected.</exception>
    /// <exception cref="TimeoutException">The answer took longer than <see cref="SourceRconClientOptions.CommandTimeout"/>; the connection is closed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired mid-exchange; the connection is closed.</exception>
    /// <exception cref="RconProtocolException">The server broke the protocol; the connection is closed.</exception>
    /// <exception cref="RconConnectionClosedException">The server had closed the connection before the command was sent; nothing was sent, and the caller may send it on a new connection.</exception>
    /// <exception cref="IOException">The connection was lost after the command was sent: the server may have run it.</exception>
    public async Task<string> ExecuteAsync(string command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException(
                "An RCON command must not contain a NUL character: the protocol ends the body at the first NUL.", nameof(command));
        }

        var commandBytes = Encoding.UTF8.GetByteCount(command);
        if (commandBytes > _options.MaxCommandBytes)
        {
            throw new ArgumentException(
                $"An RCON command may be at most {_options.MaxCommandBytes} bytes; this one is {commandBytes} bytes.", nameof(command));
        }

        return await ExchangeAsync(
            async (exchange, token) =>
            {
                await _options.Framing.ExchangeAsync(exchange, command, token);
                return exchange.AnswerText;
            },
            cancellationToken);
    }

    /// <summary>
    /// A round trip that runs no command: one empty RESPONSE_VALUE, which SRCDS mirrors back
    /// (https://developer.valvesoftware.com/wiki/Source_RCON_Protocol#Multiple-packet_Responses). Only for servers
    /// that mirror it; on others it waits until <see cref="SourceRconClientOptions.CommandTimeout"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The client is not connected.</exception>
    /// <exception cref="TimeoutException">No mirror came within <see cref="SourceRconClientOptions.CommandTimeout"/>; the connection is closed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired; the connection is closed.</exception>
    public Task PingAsync(CancellationToken cancellationToken) =>
        ExchangeAsync(
            async (exchange, token) =>
            {
                await MirroredEmptyPacketFraming.PingAsync(exchange, token);
                return string.Empty;
            },
            cancellationToken);

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

    private async Task<string> ExchangeAsync(Func<RconExchange, CancellationToken, Task<string>> exchangeAsync, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);

        await _gate.WaitAsync(cancellationToken);
        try
        {
            var connection = Volatile.Read(ref _connection) ?? throw new InvalidOperationException(
                "The RCON client is not connected: it never connected, or its connection was closed after a failure. Call ConnectAsync first.");
            using var timeout = new CancellationTokenSource(_options.CommandTimeout, _timeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            if (await connection.IsClosedByServerAsync(linked.Token))
            {
                Volatile.Write(ref _connection, null);
                connection.Close(completeReader: true);
                LogClosedByServer(connection.Endpoint);
                throw new RconConnectionClosedException("the server had closed the connection before the command was sent");
            }

            try
            {
                return await exchangeAsync(new RconExchange(connection, _options, NextId, _timeProvider), linked.Token);
            }
            catch (Exception exception)
            {
                // The bytes still in flight would be read as the next command's answer: this connection is done.
                Volatile.Write(ref _connection, null);
                connection.Close(completeReader: true);
                LogConnectionBroken(connection.Endpoint, exception.Message);
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

    private async Task AuthenticateAsync(RconConnection connection, string password, CancellationToken cancellationToken)
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
        while (true)
        {
            var frame = await connection.ReadAsync(cancellationToken);
            if (frame.Type != RconPacketType.AuthResponse)
            {
                continue;
            }

            if (frame.Id == authId || (frame.Id == 0 && !_options.AnswersEchoRequestId))
            {
                return;
            }

            if (frame.Id == -1)
            {
                throw new RconAuthenticationException($"The RCON server at {connection.Endpoint} rejected the password.");
            }

            throw new RconProtocolException($"the auth request {authId} was answered with id {frame.Id}");
        }
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

    // The caller reports the failure (job result, health state); here only what helps when debugging, without a stack.
    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Could not connect to the RCON server at {Endpoint}: {Reason}")]
    private partial void LogConnectFailed(string endpoint, string reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning,
        Message = "Closed the RCON connection to {Endpoint} after a failed command ({Reason}); the next command needs a reconnect")]
    private partial void LogConnectionBroken(string endpoint, string reason);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information,
        Message = "The RCON server at {Endpoint} had closed the connection (a restart?); nothing was sent on it")]
    private partial void LogClosedByServer(string endpoint);
}

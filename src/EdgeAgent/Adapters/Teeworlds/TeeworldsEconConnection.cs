using System.IO.Pipelines;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using GameOps.EdgeAgent.Configuration;
using GameOps.EdgeAgent.Console;
using Microsoft.Extensions.Logging;

namespace GameOps.EdgeAgent.Adapters.Teeworlds;

/// <summary>
/// One logged-in Teeworlds econ connection. The server pushes its log lines at any time, so a loop reads the socket
/// all the time (a client that stops reading gets dropped once the server cannot write); lines reach an exchange only
/// while one runs, and are dropped in between.
/// <para>
/// Econ answers carry no start or end marker. The agent makes them: it sends <c>echo gameops-&lt;random&gt;</c> before
/// the command and another after it, and the server runs the three lines in order. So what the server printed between
/// the two echoed words is the answer (with any log line printed meanwhile), and what came before the first was
/// pushed before the command ran. A server without <c>echo</c> (checked once at login) gets its answers framed by
/// <see cref="TeeworldsEconClientOptions.QuietPeriod"/> instead.
/// </para>
/// <para>
/// After the login every line the server sends also goes to the console-line sink, answers included (the econ prints
/// a command's answer like any other line, so log lines printed meanwhile cannot be told from it), except the agent's
/// own framing: the echoed markers and the server's log of the echo commands.
/// </para>
/// </summary>
internal sealed partial class TeeworldsEconConnection : IAsyncDisposable
{
    private const string PasswordPrompt = "Enter password:";
    private const string LoginAccepted = "Authentication successful. External console access granted.";
    private const string WrongPassword = "Wrong password";
    private const string NoEcho = "No such command: echo.";

    private readonly Lock _sync = new();
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private readonly string _endpoint;
    private readonly TeeworldsEconClientOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly string _lineEnding;
    private readonly Task _readLoop;
    private readonly string _serverId;
    private readonly IConsoleLineSink _sink;
    private readonly Queue<string> _recentMarkers = new();
    private Channel<string>? _listener;
    private Exception? _failure;
    private bool _publishing;

    private TeeworldsEconConnection(
        TcpClient client, string endpoint, string serverId, IConsoleLineSink sink, TeeworldsEconClientOptions options, TimeProvider timeProvider, ILogger logger)
    {
        _serverId = serverId;
        _sink = sink;
        _client = client;
        _stream = client.GetStream();
        _endpoint = endpoint;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _lineEnding = options.SendCrLf ? "\r\n" : "\n";

        // The login listens from the first byte: the prompt may arrive before anyone would call Listen.
        _listener = NewListener();
        _readLoop = ReadLoopAsync();
    }

    /// <summary>False once the server closed the connection or it broke; the next exchange needs a new one.</summary>
    public bool IsOpen => !_readLoop.IsCompleted;

    /// <summary>Whether answers end at an echoed marker (the server has <c>echo</c>) rather than at a quiet period.</summary>
    public bool MarksAnswers { get; private set; }

    /// <summary>Connects, logs in and checks for <c>echo</c>, all within <see cref="TeeworldsEconClientOptions.ConnectTimeout"/>.</summary>
    /// <exception cref="TeeworldsEconAuthenticationException">The server refused the password.</exception>
    /// <exception cref="TimeoutException">The login did not finish in time.</exception>
    /// <exception cref="SocketException">The connection was refused or the host not found.</exception>
    /// <exception cref="IOException">The server closed the connection during the login.</exception>
    public static async Task<TeeworldsEconConnection> OpenAsync(
        string serverId,
        IConsoleLineSink sink,
        ServerAddress address,
        string password,
        TeeworldsEconClientOptions options,
        TimeProvider timeProvider,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(options.ConnectTimeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var client = new TcpClient { NoDelay = true };
        TeeworldsEconConnection? connection = null;
        try
        {
            await client.ConnectAsync(address.Host, address.Port, linked.Token);
            connection = new TeeworldsEconConnection(client, address.ToString(), serverId, sink, options, timeProvider, logger);
            await connection.LogInAsync(password, linked.Token);
            return connection;
        }
        catch (Exception exception)
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }

            client.Dispose();
            if (exception is OperationCanceledException && timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException(
                    $"Logging in to the econ server at {address} did not finish within {options.ConnectTimeout.TotalSeconds:0.###} s.", exception);
            }

            throw;
        }
    }

    /// <summary>
    /// Runs <paramref name="command"/> (or, when it is <see langword="null"/>, only an end marker: a liveness check)
    /// and returns the lines of its answer as the server sent them, log lines printed meanwhile included.
    /// Any exception leaves the connection unusable: the caller disposes it.
    /// </summary>
    /// <exception cref="IOException">The connection was lost.</exception>
    /// <exception cref="InvalidDataException">The answer was larger than <see cref="TeeworldsEconClientOptions.MaxResponseChars"/>, or a line was not a line.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired (a hung server meets the job's deadline).</exception>
    public async Task<IReadOnlyList<string>> ExecuteAsync(string? command, CancellationToken cancellationToken)
    {
        var listener = Listen();
        try
        {
            // A marker is a random word, so neither a player's chat nor an earlier exchange can forge it.
            var start = command is not null && MarksAnswers ? NewMarker() : null;
            var end = MarksAnswers || command is null ? NewMarker() : null;
            Frame(start, end);
            var request = new StringBuilder();
            if (start is not null)
            {
                request.Append("echo ").Append(start).Append(_lineEnding);
            }

            if (command is not null)
            {
                request.Append(command).Append(_lineEnding);
            }

            if (end is not null)
            {
                request.Append("echo ").Append(end).Append(_lineEnding);
            }

            await WriteAsync(request.ToString(), cancellationToken);
            var lines = new List<string>();
            var chars = 0;
            var started = start is null;
            var answered = false;
            while (true)
            {
                // Until the first line, silence means a hung server, not an empty answer: only the deadline ends that wait.
                var line = MarksAnswers || !answered
                    ? await ReadLineAsync(listener, cancellationToken)
                    : await ReadLineWithinAsync(listener, _options.QuietPeriod, cancellationToken);
                if (line is null)
                {
                    return lines;
                }

                answered = true;
                var message = TeeworldsConsoleLine.Message(line);
                if (start is not null && message.SequenceEqual(start))
                {
                    started = true;
                    continue;
                }

                if (!started)
                {
                    continue; // pushed before the command ran: no part of its answer
                }

                if (end is not null && MarksAnswers && message.SequenceEqual(end))
                {
                    return lines;
                }

                // The server's own log of the echo commands (cid=… cmd='echo gameops-…') is no part of the answer.
                if ((start is not null && line.Contains(start, StringComparison.Ordinal)) || (end is not null && line.Contains(end, StringComparison.Ordinal)))
                {
                    continue;
                }

                chars += line.Length + 1;
                if (chars > _options.MaxResponseChars)
                {
                    throw new InvalidDataException($"The econ server at {_endpoint} sent an answer longer than {_options.MaxResponseChars} characters.");
                }

                lines.Add(line);
            }
        }
        finally
        {
            StopListening();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _readLoop;
    }

    private async Task LogInAsync(string password, CancellationToken cancellationToken)
    {
        Channel<string> listener;
        lock (_sync)
        {
            listener = _listener!;
        }

        try
        {
            while (await ReadLineAsync(listener, cancellationToken) != PasswordPrompt)
            {
            }

            var passwordLine = Encoding.UTF8.GetBytes(password + _lineEnding);
            try
            {
                await _stream.WriteAsync(passwordLine, cancellationToken);
            }
            catch (ObjectDisposedException exception)
            {
                throw new IOException($"The econ server at {_endpoint} closed the connection during the login.", exception);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(passwordLine);
            }

            while (true)
            {
                var line = await ReadLineAsync(listener, cancellationToken);
                if (line == LoginAccepted)
                {
                    break;
                }

                if (line.StartsWith(WrongPassword, StringComparison.Ordinal))
                {
                    // Leave at once: a few more tries on this connection and the server would close it, or ban the address.
                    throw new TeeworldsEconAuthenticationException($"The econ server at {_endpoint} answered '{line}'.");
                }
            }

            var marker = NewMarker();
            Frame(marker, null);
            await WriteAsync($"echo {marker}{_lineEnding}", cancellationToken);
            while (true)
            {
                var message = TeeworldsConsoleLine.Message(await ReadLineAsync(listener, cancellationToken));
                if (message.SequenceEqual(marker) || message.SequenceEqual(NoEcho))
                {
                    MarksAnswers = message.SequenceEqual(marker);
                    break;
                }
            }
        }
        finally
        {
            StopListening();
        }

        lock (_sync)
        {
            _publishing = true;
        }

        if (MarksAnswers)
        {
            LogLoggedIn(_endpoint);
        }
        else
        {
            LogLoggedInWithoutEcho(_endpoint, _options.QuietPeriod.TotalMilliseconds);
        }
    }

    private async Task ReadLoopAsync()
    {
        var reader = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 4096, leaveOpen: true));
        Exception failure;
        try
        {
            while (true)
            {
                // No token: disposing the connection closes the socket, which ends this read.
                var result = await reader.ReadAsync();
                var buffer = result.Buffer;
                while (TeeworldsEconLines.TryReadLine(ref buffer, out var line))
                {
                    Deliver(line);
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    failure = new IOException($"The econ server at {_endpoint} closed the connection.");
                    break;
                }
            }
        }
        catch (Exception exception)
        {
            // Whatever ended the loop (a reset, a disposed socket, a line that is not a line) ends the connection, and
            // the exchange waiting on it learns why.
            failure = exception;
        }

        await reader.CompleteAsync();
        lock (_sync)
        {
            _failure = failure;
            _listener?.Writer.TryComplete(failure);
        }

        // Reset rather than close: the server closed first (or the connection broke), and a graceful close would park
        // its side of the connection in TIME_WAIT on the econ port, so a restarted server could not bind it again
        // (Teeworlds binds without SO_REUSEADDR and does not retry): its econ would stay off until the next restart.
        // The socket is closed itself, before the stream, whose disposal would first shut it down gracefully.
        if (_client.Client is { } socket)
        {
            try
            {
                socket.LingerState = new LingerOption(enable: true, seconds: 0);
            }
            catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
            {
                // Already closed by DisposeAsync.
            }

            socket.Dispose();
        }

        _client.Dispose();
    }

    private void Deliver(string line)
    {
        // Between exchanges nobody listens: pushed log lines reach only the sink.
        bool publish;
        lock (_sync)
        {
            _listener?.Writer.TryWrite(line);
            publish = _publishing && !IsFraming(line);
        }

        // Outside the lock, still on this one read loop, so the sink gets the lines in the server's order.
        if (publish)
        {
            _sink.Publish(_serverId, line);
        }
    }

    // The markers of the last two exchanges: the server's log of an echo command can come after its exchange ended.
    private void Frame(string? start, string? end)
    {
        lock (_sync)
        {
            foreach (var marker in new[] { start, end })
            {
                if (marker is not null)
                {
                    _recentMarkers.Enqueue(marker);
                }
            }

            while (_recentMarkers.Count > 4)
            {
                _recentMarkers.Dequeue();
            }
        }
    }

    private bool IsFraming(string line)
    {
        foreach (var marker in _recentMarkers)
        {
            if (line.Contains(marker, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static Channel<string> NewListener() =>
        System.Threading.Channels.Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    private Channel<string> Listen()
    {
        var channel = NewListener();
        lock (_sync)
        {
            if (_failure is not null)
            {
                channel.Writer.TryComplete(_failure);
            }
            else
            {
                _listener = channel;
            }
        }

        return channel;
    }

    private void StopListening()
    {
        lock (_sync)
        {
            _listener = null;
        }
    }

    private async Task<string> ReadLineAsync(Channel<string> listener, CancellationToken cancellationToken)
    {
        try
        {
            return await listener.Reader.ReadAsync(cancellationToken);
        }
        catch (ChannelClosedException exception)
        {
            throw new IOException($"The econ connection to {_endpoint} was lost.", exception.InnerException ?? exception);
        }
    }

    /// <summary>The next line, or <see langword="null"/> when none arrives within <paramref name="quietPeriod"/>.</summary>
    private async Task<string?> ReadLineWithinAsync(Channel<string> listener, TimeSpan quietPeriod, CancellationToken cancellationToken)
    {
        while (true)
        {
            using var quiet = new CancellationTokenSource(quietPeriod, _timeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, quiet.Token);
            try
            {
                return await ReadLineAsync(listener, linked.Token);
            }
            catch (OperationCanceledException) when (quiet.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                // Quiet is judged by what reached this end, not by when a thread got to run: on a busy machine the timer
                // can fire while a line that came in time is still queued, or its bytes still wait in the socket.
                if (listener.Reader.TryRead(out var queued))
                {
                    return queued;
                }

                if (_client.Available == 0)
                {
                    return null;
                }
            }
        }
    }

    private async Task WriteAsync(string text, CancellationToken cancellationToken)
    {
        try
        {
            await _stream.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
        }
        catch (ObjectDisposedException exception)
        {
            // The reader closed the socket: the server had closed the connection a moment before.
            throw new IOException($"The econ connection to {_endpoint} was lost.", exception);
        }
    }

    private static string NewMarker() => "gameops-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    [LoggerMessage(EventId = 201, Level = LogLevel.Information, Message = "Logged in to the econ server at {Endpoint}")]
    private partial void LogLoggedIn(string endpoint);

    [LoggerMessage(EventId = 202, Level = LogLevel.Information,
        Message = "Logged in to the econ server at {Endpoint}, which has no echo command; its answers end after {QuietMilliseconds} ms without a line")]
    private partial void LogLoggedInWithoutEcho(string endpoint, double quietMilliseconds);
}

using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using GameOps.EdgeAgent.Console;
using Microsoft.Extensions.Logging;

namespace GameOps.EdgeAgent.Adapters.SevenDays;

/// <summary>
/// One logged-in session on a 7 Days to Die telnet console. A single reader takes every line the game sends: log
/// lines (and output nobody asked for) go to the <see cref="IConsoleLineSink"/> in the game's order, while the
/// command in flight collects its output lines: those without a log prefix that follow its
/// <c>Executing command '…' by Telnet from …</c> line, and the log lines known to answer it (which the sink gets too),
/// until its known last line or the quiet period. A command that
/// fails in any way closes the session, since the rest of its answer could still arrive; the owner opens a new one.
/// </summary>
internal sealed partial class SevenDaysTelnetConnection : IAsyncDisposable
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly string _serverId;
    private readonly SevenDaysTelnetOptions _options;
    private readonly IConsoleLineSink _sink;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly TcpClient _client = new() { NoDelay = true };
    private readonly CancellationTokenSource _closing = new();
    private readonly TaskCompletionSource _loggedIn = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();
    private readonly ITimer _quietTimer;
    private byte[]? _password;
    private NetworkStream? _stream;
    private Task _reader = Task.CompletedTask;
    private Phase _phase = Phase.AwaitingPrompt;
    private Answer? _answer;
    private int _closed;

    private SevenDaysTelnetConnection(
        string serverId, string password, SevenDaysTelnetOptions options, IConsoleLineSink sink, ILogger logger, TimeProvider timeProvider)
    {
        _serverId = serverId;
        _password = Utf8.GetBytes(password + "\r\n");
        _options = options;
        _sink = sink;
        _logger = logger;
        _timeProvider = timeProvider;
        _quietTimer = timeProvider.CreateTimer(static state => ((SevenDaysTelnetConnection)state!).OnQuiet(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    private enum Phase
    {
        AwaitingPrompt,
        AwaitingVerdict,
        Banner,
        Ready,
        Closed,
    }

    /// <summary>False once the session ended; it is never reopened.</summary>
    public bool IsOpen => Volatile.Read(ref _closed) == 0;

    /// <summary>Connects, sends the password at the prompt and waits for the end of the banner.</summary>
    /// <exception cref="SevenDaysLoginException">The password was refused.</exception>
    /// <exception cref="TimeoutException">Login did not finish within <see cref="SevenDaysTelnetOptions.ConnectTimeout"/>.</exception>
    /// <exception cref="SocketException">The console could not be reached.</exception>
    /// <exception cref="SevenDaysConnectionLostException">The console closed the connection during login.</exception>
    public static async Task<SevenDaysTelnetConnection> OpenAsync(
        string serverId,
        string host,
        int port,
        string password,
        SevenDaysTelnetOptions options,
        IConsoleLineSink sink,
        ILogger logger,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        var connection = new SevenDaysTelnetConnection(serverId, password, options, sink, logger, timeProvider);
        using var timeout = new CancellationTokenSource(options.ConnectTimeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await connection._client.ConnectAsync(host, port, linked.Token);
            connection._stream = connection._client.GetStream();
            connection._reader = connection.ReadAsync();
            await connection._loggedIn.Task.WaitAsync(linked.Token);
            return connection;
        }
        catch (Exception exception)
        {
            await connection.DisposeAsync();
            if (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested && timeout.IsCancellationRequested)
            {
                throw new TimeoutException(
                    $"The telnet console did not finish the login within {options.ConnectTimeout.TotalSeconds:0.###} s.", exception);
            }

            throw;
        }
    }

    /// <summary>Sends <paramref name="command"/> and returns its output lines, each ended by <c>\n</c>.</summary>
    /// <param name="isLastLine">Recognises the answer's last line; null when only the quiet period ends it.</param>
    /// <param name="isAnswerLogLine">Recognises the log lines that answer the command; null when none do.</param>
    /// <exception cref="SevenDaysConnectionLostException">The session ended before the answer was complete.</exception>
    /// <exception cref="TimeoutException">The answer took longer than <see cref="SevenDaysTelnetOptions.CommandTimeout"/>; the session is closed.</exception>
    /// <exception cref="InvalidDataException">The answer exceeded <see cref="SevenDaysTelnetOptions.MaxAnswerBytes"/>; the session is closed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired; the session is closed.</exception>
    public async Task<string> ExecuteAsync(
        string command, Func<string, bool>? isLastLine, Func<string, bool>? isAnswerLogLine, CancellationToken cancellationToken)
    {
        var answer = new Answer(command, isLastLine, isAnswerLogLine);
        lock (_lock)
        {
            if (_phase != Phase.Ready)
            {
                throw new SevenDaysConnectionLostException("The telnet session is closed.");
            }

            if (_answer is not null)
            {
                throw new InvalidOperationException("A command is already running on this telnet session.");
            }

            _answer = answer;
        }

        using var timeout = new CancellationTokenSource(_options.CommandTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await _stream!.WriteAsync(Utf8.GetBytes(command + "\r\n"), linked.Token);
            return await answer.Completion.Task.WaitAsync(linked.Token);
        }
        catch (Exception exception)
        {
            Close(exception switch
            {
                SevenDaysConnectionLostException => "the connection ended mid-answer",
                OperationCanceledException => "a command was stopped before its answer was complete",
                InvalidDataException => "an answer was too large",
                _ => "sending a command failed",
            });
            if (_logger.IsEnabled(LogLevel.Information))
            {
                // A hung or restarted game is what this is for, not a fault of the agent: no stack trace.
                var name = FirstWord(command);
                LogCommandFailed(_serverId, name, answer.Echoed, answer.LineCount, exception.Message);
            }

            if (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested && timeout.IsCancellationRequested)
            {
                throw new TimeoutException(
                    $"The answer did not finish within {_options.CommandTimeout.TotalSeconds:0.###} s.", exception);
            }

            if (exception is (IOException or SocketException or ObjectDisposedException) and not SevenDaysConnectionLostException)
            {
                throw new SevenDaysConnectionLostException("The telnet connection broke while sending the command.", exception)
                {
                    CommandEchoed = answer.Echoed,
                };
            }

            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Close("the agent closed it");
        await _reader;
        _closing.Dispose();
    }

    private async Task ReadAsync()
    {
        // Let OpenAsync go on to wait for the login while this loop reads.
        await Task.Yield();
        var buffer = new byte[16 * 1024];
        var splitter = new TelnetLineSplitter();
        var lines = new List<string>();
        var reason = "the game closed the connection";
        try
        {
            var stream = _stream!;
            while (true)
            {
                var read = await stream.ReadAsync(buffer, _closing.Token);
                if (read == 0)
                {
                    break;
                }

                lines.Clear();
                splitter.Feed(buffer.AsSpan(0, read), lines.Add);
                foreach (var line in lines)
                {
                    if (await OnLineAsync(line, stream) is { } stop)
                    {
                        reason = stop;
                        return;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_closing.IsCancellationRequested)
        {
            reason = "the agent closed it";
        }
        catch (Exception exception) when (exception is IOException or SocketException or ObjectDisposedException)
        {
            reason = "the connection broke";
        }
        finally
        {
            Close(reason);
        }
    }

    /// <summary>Handles one line; returns why the session must end, or null to go on.</summary>
    private async ValueTask<string?> OnLineAsync(string line, NetworkStream stream)
    {
        switch (_phase)
        {
            case Phase.AwaitingPrompt when line == SevenDaysConsoleText.PasswordPrompt:
                var password = _password!;
                try
                {
                    await stream.WriteAsync(password, _closing.Token);
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(password);
                    _password = null;
                }

                _phase = Phase.AwaitingVerdict;
                return null;

            case Phase.AwaitingPrompt or Phase.AwaitingVerdict when line.StartsWith("Password incorrect", StringComparison.Ordinal):
                // Not tried again: every wrong try counts towards the game's failed-login limit.
                _loggedIn.TrySetException(new SevenDaysLoginException());
                return "the game refused the password";

            case Phase.AwaitingPrompt or Phase.AwaitingVerdict when line == SevenDaysConsoleText.LogonSuccessful:
                _phase = Phase.Banner;
                return null;

            case Phase.AwaitingPrompt or Phase.AwaitingVerdict or Phase.Banner when line == SevenDaysConsoleText.BannerEnd:
                BecomeReady();
                return null;

            case Phase.Banner when SevenDaysConsoleText.IsLogLine(line):
                // A banner that ends some other way: the first log line says the session is streaming.
                BecomeReady();
                return OnReadyLine(line);

            case Phase.Ready:
                return OnReadyLine(line);

            default:
                // The banner's lines, or anything before the prompt.
                return null;
        }
    }

    private void BecomeReady()
    {
        lock (_lock)
        {
            if (_phase != Phase.Closed)
            {
                _phase = Phase.Ready;
            }
        }

        LogLoggedIn(_serverId);
        _loggedIn.TrySetResult();
    }

    private string? OnReadyLine(string line)
    {
        var isLogLine = SevenDaysConsoleText.IsLogLine(line);
        lock (_lock)
        {
            var answer = _answer;
            if (answer is not null && !isLogLine && answer.Echoed)
            {
                return Collect(answer, line) ? null : "an answer was too large";
            }

            if (answer is not null && isLogLine && !answer.Echoed && SevenDaysConsoleText.IsEchoOf(line, answer.Command))
            {
                answer.Echoed = true;
                if (answer.IsLastLine is null)
                {
                    ArmQuietTimer(answer);
                }
            }
            else if (answer is { Echoed: true, IsAnswerLogLine: { } answers } && isLogLine && answers(line) && !Collect(answer, line))
            {
                return "an answer was too large";
            }
        }

        // Log lines (the echo and those that answer a command too) and output nobody is waiting for, in the order they
        // came. An empty line outside an answer (the banner ends with one) says nothing.
        if (line.Length > 0)
        {
            Publish(line);
        }

        return null;
    }

    /// <summary>Adds an output line to <paramref name="answer"/> (under the lock); false when it overflowed.</summary>
    private bool Collect(Answer answer, string line)
    {
        answer.Bytes += Utf8.GetByteCount(line) + 1;
        if (answer.Bytes > _options.MaxAnswerBytes)
        {
            _answer = null;
            answer.Completion.TrySetException(new InvalidDataException(
                $"The answer is larger than {_options.MaxAnswerBytes} bytes."));
            return false;
        }

        answer.Text.Append(line).Append('\n');
        answer.LineCount++;
        if (answer.IsLastLine is null)
        {
            ArmQuietTimer(answer);
        }
        else if (answer.IsLastLine(line))
        {
            Complete(answer);
        }

        return true;
    }

    private void ArmQuietTimer(Answer answer)
    {
        answer.LastOutput = _timeProvider.GetTimestamp();
        _quietTimer.Change(_options.QuietPeriod, Timeout.InfiniteTimeSpan);
    }

    private void OnQuiet()
    {
        lock (_lock)
        {
            if (_answer is not { Echoed: true, IsLastLine: null } answer)
            {
                return;
            }

            // The timer may fire for an earlier arming: wait out the rest of the period since the last line.
            var quietFor = _timeProvider.GetElapsedTime(answer.LastOutput);
            if (quietFor < _options.QuietPeriod)
            {
                _quietTimer.Change(_options.QuietPeriod - quietFor, Timeout.InfiniteTimeSpan);
                return;
            }

            Complete(answer);
        }
    }

    private void Complete(Answer answer)
    {
        _answer = null;
        answer.Completion.TrySetResult(answer.Text.ToString());
    }

    private void Publish(string line)
    {
        try
        {
            _sink.Publish(_serverId, line);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // A faulty sink must not stop the console from being read (the next answer depends on it).
            LogSinkFailed(_serverId, exception);
        }
    }

    private void Close(string reason)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        Answer? answer;
        lock (_lock)
        {
            _phase = Phase.Closed;
            answer = _answer;
            _answer = null;
        }

        answer?.Completion.TrySetException(new SevenDaysConnectionLostException($"The telnet session ended: {reason}.")
        {
            CommandEchoed = answer.Echoed,
        });
        _loggedIn.TrySetException(new SevenDaysConnectionLostException($"The telnet session ended during login: {reason}."));
        _closing.Cancel();
        _quietTimer.Dispose();
        _client.Dispose();
        if (_password is { } password)
        {
            CryptographicOperations.ZeroMemory(password);
        }

        LogClosed(_serverId, reason);
    }

    private static string FirstWord(string command)
    {
        var space = command.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? command : command[..space];
    }

    [LoggerMessage(EventId = 70, Level = LogLevel.Information, Message = "Logged in to the 7 Days to Die telnet console of game server {ServerId}")]
    private partial void LogLoggedIn(string serverId);

    [LoggerMessage(EventId = 71, Level = LogLevel.Information, Message = "Closed the telnet session of game server {ServerId}: {Reason}")]
    private partial void LogClosed(string serverId, string reason);

    [LoggerMessage(EventId = 72, Level = LogLevel.Information,
        Message = "Command '{Command}' on game server {ServerId} did not complete (announced by the game: {Echoed}, output lines received: {Lines}): {Reason}; the telnet session was reset")]
    private partial void LogCommandFailed(string serverId, string command, bool echoed, int lines, string reason);

    [LoggerMessage(EventId = 73, Level = LogLevel.Error, Message = "The console line sink failed on a line of game server {ServerId}")]
    private partial void LogSinkFailed(string serverId, Exception exception);

    /// <summary>The command in flight and what has come of it; guarded by the connection's lock.</summary>
    private sealed class Answer(string command, Func<string, bool>? isLastLine, Func<string, bool>? isAnswerLogLine)
    {
        public string Command { get; } = command;

        public Func<string, bool>? IsLastLine { get; } = isLastLine;

        public Func<string, bool>? IsAnswerLogLine { get; } = isAnswerLogLine;

        public TaskCompletionSource<string> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public StringBuilder Text { get; } = new();

        public bool Echoed { get; set; }

        public int LineCount { get; set; }

        public long Bytes { get; set; }

        public long LastOutput { get; set; }
    }
}

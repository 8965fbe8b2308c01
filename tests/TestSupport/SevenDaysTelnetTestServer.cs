using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace GameOps.TestSupport;

/// <summary>
/// A 7 Days to Die telnet console double on 127.0.0.1 and an ephemeral port, byte for byte as the community
/// documentation describes the dedicated server's console (7dtd.illy.bz wiki, Console Commands and Telnet; the
/// 7 Days to Die wiki's Command Console page; developer.valvesoftware.com, 7 Days to Die Dedicated Server):
/// a raw text interface of CRLF-ended UTF-8 lines, no Telnet option negotiation.
/// <list type="bullet">
/// <item>On connect: <c>Please enter password:</c>. A wrong password: <c>Password incorrect, please enter
/// password:</c>; the third wrong one closes the connection (the real limit is <c>TelnetFailedLoginLimit</c>).</item>
/// <item>The right one: <c>Logon successful.</c>, the banner, ending <c>Press 'help' to get a list of all commands.
/// Press 'exit' to end session.</c> and an empty line.</item>
/// <item>Each command line: the log line <c>&lt;time&gt; &lt;uptime&gt; INF Executing command '&lt;cmd&gt;' by Telnet
/// from &lt;ip:port&gt;</c>, then the handler's steps: output lines without a timestamp, log lines, pauses. There is
/// no end-of-output marker. <c>exit</c> closes the session.</item>
/// <item>Output goes to the session that sent the command; log lines (the echo too) go to every logged-in session,
/// as the game writes its whole log to each telnet client.</item>
/// </list>
/// It parses and writes with its own code, not the agent's, so one mistake shared by both sides cannot hide.
/// </summary>
public sealed class SevenDaysTelnetTestServer : IAsyncDisposable
{
    public const string PasswordPrompt = "Please enter password:";
    public const string LogonSuccessful = "Logon successful.";
    public const string PasswordIncorrect = "Password incorrect, please enter password:";
    public const string BannerEnd = "Press 'help' to get a list of all commands. Press 'exit' to end session.";

    /// <summary>Wrong passwords after which the double closes the connection.</summary>
    public const int MaxFailedLogins = 3;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly TcpListener _listener;
    private readonly string _password;
    private readonly Func<string, IEnumerable<SevenDaysTelnetLine>> _handler;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<string, int> _executions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Session, Task> _sessions = new();
    private readonly ConcurrentQueue<string> _commands = new();
    private readonly ConcurrentQueue<byte[]> _commandBytes = new();
    private readonly ConcurrentQueue<string> _logLinesSent = new();
    private readonly Task _acceptLoop;
    private int _connections;
    private int _logins;
    private int _failedLogins;

    /// <param name="handler">The steps answering a command (the line as received, without its CRLF).</param>
    /// <param name="port">A fixed port; a free one when 0.</param>
    public SevenDaysTelnetTestServer(string password, Func<string, IEnumerable<SevenDaysTelnetLine>> handler, int port = 0)
    {
        _password = password;
        _handler = handler;
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Start();
        _acceptLoop = AcceptLoopAsync(_stopping.Token);
    }

    public string Host => ((IPEndPoint)_listener.LocalEndpoint).Address.ToString();

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public ServerWriteMode WriteMode { get; set; } = ServerWriteMode.Coalesced;

    /// <summary>
    /// When set, a session that has sent this many output lines of one answer goes silent for good, keeping the
    /// connection open: a game frozen mid-answer.
    /// </summary>
    public int? HangAfterOutputLines { get; set; }

    public int Connections => Volatile.Read(ref _connections);

    public int SuccessfulLogins => Volatile.Read(ref _logins);

    public int FailedLogins => Volatile.Read(ref _failedLogins);

    public int TotalExecutions => _executions.Values.Sum();

    /// <summary>Every command executed, in order, over all sessions.</summary>
    public IReadOnlyList<string> Commands => [.. _commands];

    /// <summary>The exact bytes of every command line received after login, line end included.</summary>
    public IReadOnlyList<byte[]> CommandBytes => [.. _commandBytes];

    /// <summary>Every log line sent (echoes included), in the order sent, over all sessions.</summary>
    public IReadOnlyList<string> LogLinesSent => [.. _logLinesSent];

    /// <summary>How many times <paramref name="command"/> was executed, over all sessions.</summary>
    public int ExecutionCount(string command) => _executions.GetValueOrDefault(command);

    /// <summary>Writes a log line to every logged-in session, as the game does with everything it logs.</summary>
    public async Task<string> PublishLogAsync(string message, string level = "INF")
    {
        var line = SevenDaysTelnetLine.FormatLog(level, message);
        _logLinesSent.Enqueue(line);
        await BroadcastAsync(line, except: null, _stopping.Token);
        return line;
    }

    /// <summary>Closes every session, as a game restart does; the listener stays up.</summary>
    public void DropConnections()
    {
        foreach (var session in _sessions.Keys)
        {
            session.Client.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        DropConnections();
        await Task.WhenAll(_sessions.Values.Append(_acceptLoop)).WaitAsync(TimeSpan.FromSeconds(10));
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(cancellationToken);
                Interlocked.Increment(ref _connections);
                var session = new Session(client);
                _sessions[session] = ServeAsync(session, cancellationToken);
            }
        }
        catch (Exception exception) when (StoppedListener.Ended(exception))
        {
            // Stopped.
        }
    }

    private async Task ServeAsync(Session session, CancellationToken cancellationToken)
    {
        await Task.Yield();
        try
        {
            session.Client.NoDelay = true;
            var stream = session.Client.GetStream();
            await session.WriteAsync([PasswordPrompt], WriteMode, cancellationToken);
            var buffer = new byte[4096];
            var line = new List<byte>();
            var failures = 0;
            while (true)
            {
                var read = await stream.ReadAsync(buffer, cancellationToken);
                if (read == 0)
                {
                    return;
                }

                for (var i = 0; i < read; i++)
                {
                    line.Add(buffer[i]);
                    if (buffer[i] != (byte)'\n')
                    {
                        continue;
                    }

                    var raw = line.ToArray();
                    line.Clear();
                    var text = Utf8.GetString(raw).TrimEnd('\n').TrimEnd('\r');
                    if (session.Hung)
                    {
                        continue;
                    }

                    if (!session.LoggedIn)
                    {
                        if (string.Equals(text, _password, StringComparison.Ordinal))
                        {
                            Interlocked.Increment(ref _logins);
                            await session.WriteAsync(Banner(), WriteMode, cancellationToken);
                            session.LoggedIn = true;
                            continue;
                        }

                        Interlocked.Increment(ref _failedLogins);
                        if (++failures >= MaxFailedLogins)
                        {
                            return;
                        }

                        await session.WriteAsync([PasswordIncorrect], WriteMode, cancellationToken);
                        continue;
                    }

                    if (text.Length == 0)
                    {
                        continue;
                    }

                    if (text == "exit")
                    {
                        return;
                    }

                    _commandBytes.Enqueue(raw);
                    await ExecuteAsync(session, text, cancellationToken);
                }
            }
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // The client went away, the session was dropped, or the server is stopping.
        }
        finally
        {
            session.Client.Dispose();
        }
    }

    private async Task ExecuteAsync(Session session, string command, CancellationToken cancellationToken)
    {
        _commands.Enqueue(command);
        _executions.AddOrUpdate(command, 1, (_, count) => count + 1);
        var pending = new List<string>();
        var echo = SevenDaysTelnetLine.FormatLog("INF", $"Executing command '{command}' by Telnet from {session.Client.Client.RemoteEndPoint}");
        await LogAsync(echo, session, pending, cancellationToken);
        var outputLines = 0;
        foreach (var step in _handler(command))
        {
            if (step.Text is null)
            {
                await session.WriteAsync(pending, WriteMode, cancellationToken);
                pending.Clear();
                await (step.Gate ?? Task.Delay(step.Pause, cancellationToken)).WaitAsync(cancellationToken);
            }
            else if (step.IsLog)
            {
                await LogAsync(step.Text, session, pending, cancellationToken);
            }
            else if (HangAfterOutputLines is { } limit && outputLines >= limit)
            {
                session.Hung = true;
                break;
            }
            else
            {
                pending.Add(step.Text);
                outputLines++;
            }
        }

        await session.WriteAsync(pending, WriteMode, cancellationToken);
    }

    /// <summary>A log line during a command: queued for the commanding session, written to the others at once.</summary>
    private async Task LogAsync(string line, Session commanding, List<string> pending, CancellationToken cancellationToken)
    {
        _logLinesSent.Enqueue(line);
        pending.Add(line);
        await BroadcastAsync(line, commanding, cancellationToken);
    }

    private async Task BroadcastAsync(string line, Session? except, CancellationToken cancellationToken)
    {
        foreach (var session in _sessions.Keys.Where(s => s != except && s.LoggedIn && !s.Hung))
        {
            try
            {
                await session.WriteAsync([line], WriteMode, cancellationToken);
            }
            catch (Exception exception) when (exception is IOException or ObjectDisposedException or SocketException or InvalidOperationException)
            {
                // That client is gone; its own loop cleans up.
            }
        }
    }

    private static List<string> Banner() =>
    [
        LogonSuccessful,
        "",
        "",
        "*** Connected with 7DTD server.",
        "*** Server version: V 1.0 (b333) Compatibility Version: V 1.0",
        "*** Dedicated server only build",
        "",
        "Server IP:   Any",
        "Server port: 26900",
        "Max players: 8",
        "Game mode:   GameModeSurvival",
        "World:       Navezgane",
        "Game name:   GameOps test",
        "Difficulty:  2",
        "",
        BannerEnd,
        "",
    ];

    private sealed class Session(TcpClient client)
    {
        private readonly SemaphoreSlim _writeLock = new(1, 1);

        public TcpClient Client { get; } = client;

        public bool LoggedIn { get; set; }

        public bool Hung { get; set; }

        /// <summary>Writes the lines, each with CRLF; one session's writes never interleave.</summary>
        public async Task WriteAsync(List<string> lines, ServerWriteMode mode, CancellationToken cancellationToken)
        {
            if (lines.Count == 0)
            {
                return;
            }

            var bytes = Utf8.GetBytes(string.Concat(lines.Select(line => line + "\r\n")));
            await _writeLock.WaitAsync(cancellationToken);
            try
            {
                var stream = Client.GetStream();
                if (mode == ServerWriteMode.Coalesced)
                {
                    await stream.WriteAsync(bytes, cancellationToken);
                    return;
                }

                for (var i = 0; i < bytes.Length; i++)
                {
                    await stream.WriteAsync(bytes.AsMemory(i, 1), cancellationToken);
                }
            }
            finally
            {
                _writeLock.Release();
            }
        }
    }
}

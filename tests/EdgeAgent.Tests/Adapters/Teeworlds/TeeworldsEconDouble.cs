using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace GameOps.EdgeAgent.Tests.Adapters.Teeworlds;

/// <summary>
/// A small Teeworlds econ server on 127.0.0.1 for what the real one will not do on cue: hang mid-answer, lack
/// <c>echo</c>, answer in bursts. It speaks the econ's bytes with its own code: the prompt <c>Enter password:</c>, every
/// line ended <c>\n\0\0</c> (<c>\r\n\0</c> once the client's first line ended in CRLF), <c>Wrong password N/3.</c>,
/// then <c>Authentication successful. External console access granted.</c>, and log-style output lines.
/// </summary>
internal sealed class TeeworldsEconDouble : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _password;
    private readonly Func<string, TeeworldsEconDoubleAnswer> _answer;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<TcpClient, Session> _sessions = new();
    private readonly ConcurrentQueue<string> _commands = new();
    private readonly Task _acceptLoop;
    private int _connections;
    private int _passwordAttempts;
    private int _closedByClient;

    /// <param name="answer">The lines a command prints (without prefix or line end), and whether the server then hangs.</param>
    public TeeworldsEconDouble(string password, bool hasEcho, Func<string, TeeworldsEconDoubleAnswer> answer)
    {
        _password = password;
        HasEcho = hasEcho;
        _answer = answer;
        _listener.Start();
        _acceptLoop = AcceptAsync(_stopping.Token);
    }

    public bool HasEcho { get; }

    public string Host { get; } = "127.0.0.1";

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int Connections => Volatile.Read(ref _connections);

    public int PasswordAttempts => Volatile.Read(ref _passwordAttempts);

    /// <summary>Connections the client closed (rather than the double).</summary>
    public int ClosedByClient => Volatile.Read(ref _closedByClient);

    /// <summary>Every command line received after a login, in order.</summary>
    public IReadOnlyList<string> Commands => [.. _commands];

    /// <summary>Pushes a log line to every logged-in connection, as the server does with chat and game events.</summary>
    public Task PushAsync(string message) => PushLineAsync($"[12:00:00][chat]: {message}");

    /// <summary>
    /// A player entering the game, as Teeworlds 0.7 prints it at the debug level (shown on the econ with
    /// <c>ec_output_level 2</c>): src/game/server/gamecontroller.cpp <c>IGameController::OnPlayerConnect</c>,
    /// <c>team_join player='%d:%s' team=%d</c> on system <c>game</c>.
    /// </summary>
    public Task PushJoinAsync(int clientId, string name, int team) =>
        PushLineAsync(string.Create(CultureInfo.InvariantCulture, $"[12:00:00][game]: team_join player='{clientId}:{name}' team={team}"));

    /// <summary>A player leaving: gamecontroller.cpp <c>IGameController::OnPlayerDisconnect</c>, <c>leave player='%d:%s'</c> on system <c>game</c>.</summary>
    public Task PushLeaveAsync(int clientId, string name) =>
        PushLineAsync(string.Create(CultureInfo.InvariantCulture, $"[12:00:00][game]: leave player='{clientId}:{name}'"));

    /// <summary>
    /// A chat message to everyone: src/game/server/gamecontext.cpp <c>CGameContext::SendChat</c>, <c>%d:%d:%s: %s</c>
    /// (mode, client id, name, text) on system <c>chat</c>; mode 1 is <c>CHAT_ALL</c>.
    /// </summary>
    public Task PushChatAsync(int clientId, string name, string text) =>
        PushLineAsync(string.Create(CultureInfo.InvariantCulture, $"[12:00:00][chat]: 1:{clientId}:{name}: {text}"));

    /// <summary>Pushes a whole line, prefix included, to every logged-in connection.</summary>
    public async Task PushLineAsync(string line)
    {
        foreach (var session in _sessions.Values.Where(session => session.LoggedIn))
        {
            await session.WriteLineAsync(line, _stopping.Token);
        }
    }

    /// <summary>
    /// What Teeworlds 0.7 prints when it refuses a command on a server with no players, null for any other command:
    /// engine/server/server.cpp <c>Kick</c> (<c>invalid client id to kick</c>, system <c>server</c>) and
    /// <c>ConBanExt</c> (<c>ban error (invalid client id)</c>, system <c>net_ban</c>), and engine/shared/console.cpp
    /// <c>ExecuteLineStroked</c> (<c>No such command: …</c>, system <c>Console</c>).
    /// </summary>
    public static TeeworldsEconDoubleAnswer? Refusal(string command)
    {
        var verb = command.Split(' ')[0];
        return verb switch
        {
            "kick" => TeeworldsEconDoubleAnswer.Of("invalid client id to kick"),
            "ban" => TeeworldsEconDoubleAnswer.Of("[12:00:00][net_ban]: ban error (invalid client id)"),
            "nosuchcmd" => TeeworldsEconDoubleAnswer.Of($"[12:00:00][Console]: No such command: {verb}."),
            _ => null,
        };
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        foreach (var client in _sessions.Keys)
        {
            client.Dispose();
        }

        try
        {
            await _acceptLoop;
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stopping.Dispose();
    }

    private async Task AcceptAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(stopping);
            Interlocked.Increment(ref _connections);
            var session = new Session(client.GetStream());
            _sessions[client] = session;
            _ = ServeAsync(client, session, stopping);
        }
    }

    private async Task ServeAsync(TcpClient client, Session session, CancellationToken stopping)
    {
        try
        {
            await session.WriteLineAsync("Enter password:", stopping);
            await foreach (var line in session.ReadLinesAsync(stopping))
            {
                if (!session.LoggedIn)
                {
                    Interlocked.Increment(ref _passwordAttempts);
                    if (line == _password)
                    {
                        session.LoggedIn = true;
                        await session.WriteLineAsync("Authentication successful. External console access granted.", stopping);
                    }
                    else
                    {
                        await session.WriteLineAsync($"Wrong password {++session.Failures}/3.", stopping);
                    }

                    continue;
                }

                if (session.Hung)
                {
                    continue;
                }

                _commands.Enqueue(line);
                if (line.StartsWith("echo ", StringComparison.Ordinal))
                {
                    await session.WriteLineAsync(
                        HasEcho ? $"[12:00:00][Console]: {line[5..]}" : "[12:00:00][Console]: No such command: echo.", stopping);
                    continue;
                }

                var answer = _answer(line);
                foreach (var (delay, output) in answer.Lines)
                {
                    if (delay > TimeSpan.Zero)
                    {
                        await Task.Delay(delay, stopping);
                    }

                    // A line that names its own system (a refusal from the console or the ban list) is sent as it is.
                    await session.WriteLineAsync(output.StartsWith('[') ? output : $"[12:00:00][server]: {output}", stopping);
                }

                session.Hung = answer.HangAfter;
            }

            if (!stopping.IsCancellationRequested)
            {
                Interlocked.Increment(ref _closedByClient);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // Stopped, or the client went away.
        }
        finally
        {
            _sessions.TryRemove(client, out _);
            client.Dispose();
        }
    }

    private sealed class Session(NetworkStream stream)
    {
        private readonly SemaphoreSlim _writeLock = new(1, 1);
        private byte[] _lineEnd = "\n\0\0"u8.ToArray();
        private bool _lineEndChosen;

        public bool LoggedIn { get; set; }

        public bool Hung { get; set; }

        public int Failures { get; set; }

        public async Task WriteLineAsync(string line, CancellationToken cancellationToken)
        {
            await _writeLock.WaitAsync(cancellationToken);
            try
            {
                await stream.WriteAsync((byte[])[.. Encoding.UTF8.GetBytes(line), .. _lineEnd], cancellationToken);
            }
            finally
            {
                _writeLock.Release();
            }
        }

        /// <summary>Lines as the server reads them: split at LF or CR, empty ones skipped; the first decides the line end.</summary>
        public async IAsyncEnumerable<string> ReadLinesAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var pending = new List<byte>();
            var buffer = new byte[4096];
            while (true)
            {
                var length = await stream.ReadAsync(buffer, cancellationToken);
                if (length == 0)
                {
                    yield break;
                }

                pending.AddRange(buffer.AsSpan(0, length));
                int end;
                while ((end = pending.FindIndex(b => b is (byte)'\n' or (byte)'\r')) >= 0)
                {
                    if (!_lineEndChosen)
                    {
                        _lineEndChosen = true;
                        if (pending[end] == '\r' && end + 1 < pending.Count && pending[end + 1] == '\n')
                        {
                            _lineEnd = "\r\n\0"u8.ToArray();
                        }
                    }

                    var line = Encoding.UTF8.GetString(pending.GetRange(0, end).ToArray());
                    pending.RemoveRange(0, end + 1);
                    if (line.Length > 0)
                    {
                        yield return line;
                    }
                }
            }
        }
    }
}

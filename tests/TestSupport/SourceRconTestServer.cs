using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace GameOps.TestSupport;

/// <summary>
/// A Source RCON server double on 127.0.0.1 and an ephemeral port, speaking the server side byte for byte as
/// https://developer.valvesoftware.com/wiki/Source_RCON_Protocol describes. It reads and writes packets with its
/// own code rather than the agent's <c>RconPacket</c>, so one mistake shared by both sides cannot hide. With
/// <see cref="Dialect"/> it plays another game's server instead, each quirk reproduced as the cited source describes it
/// (see <see cref="RconDialect"/>).
/// </summary>
public sealed class SourceRconTestServer : IAsyncDisposable
{
    // "Packet Type" on the protocol page; 2 is EXECCOMMAND inbound and AUTH_RESPONSE outbound.
    private const int ServerDataAuth = 3;
    private const int ServerDataAuthResponse = 2;
    private const int ServerDataExecCommand = 2;
    private const int ServerDataResponseValue = 0;

    // "Packet Size": the Size field counts id, type, body and both NULs; 10 is an empty body, 4096 the maximum.
    private const int MinPacketSize = 10;
    private const int MaxPacketSize = 4096;

    /// <summary>The largest body per packet; longer answers are split into several RESPONSE_VALUE packets.</summary>
    public const int MaxBodyBytes = MaxPacketSize - MinPacketSize;

    /// <summary>
    /// Minecraft's answer packets carry up to 4096 body bytes ("Maximum S→C packet payload length: 4096 (total: 4110)",
    /// https://minecraft.wiki/w/RCON#Fragmentation).
    /// </summary>
    public const int MinecraftMaxBodyBytes = 4096;

    /// <summary>Minecraft reads a request with one read of at most 1460 bytes ("Maximum C→S packet payload length: 1446 (total: 1460)").</summary>
    public const int MinecraftMaxRequestBytes = 1460;

    /// <summary>ARK's whole answer to a command that printed nothing.</summary>
    public const string ArkNoResponse = "Server received, But no response!! \n ";

    private readonly string _password;
    private readonly Func<string, string?> _handler;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<string, int> _executions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<TcpClient, Task> _connections = new();
    private readonly ConcurrentBag<Task> _acceptLoops = [];
    private readonly Lock _listenerLock = new();
    private readonly int _port;
    private TcpListener _listener;
    private volatile bool _frozen;
    private int _authAttempts;
    private int _droppedConnections;
    private int _packetsReceived;

    /// <param name="handler">Runs one console command and returns what it prints; null plays a command the game does not know (see <see cref="UnknownCommandAnswer"/>).</param>
    public SourceRconTestServer(string password, Func<string, string?> handler)
    {
        _password = password;
        _handler = handler;
        _listener = Listen(0);
        _port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoops.Add(AcceptLoopAsync(_listener, _stopping.Token));
    }

    public string Host { get; } = IPAddress.Loopback.ToString();

    public int Port => _port;

    /// <summary>Which game's server this double plays; Valve's SRCDS unless set.</summary>
    public RconDialect Dialect { get; init; } = RconDialect.Source;

    /// <summary>
    /// When set, the double plays a frozen game: the kernel still accepts connections, but nothing is answered, not
    /// even the password, and no command runs.
    /// </summary>
    public bool Frozen
    {
        get => _frozen;
        set => _frozen = value;
    }

    public ServerWriteMode WriteMode { get; set; } = ServerWriteMode.Coalesced;

    /// <summary>
    /// When set, each connection writes at most this many bytes in answer to commands (auth replies not
    /// counted), then goes silent mid-answer while keeping the connection open.
    /// </summary>
    public int? HangAfterBytes { get; set; }

    /// <summary>
    /// When set, answers are split into packets of this many body bytes instead of the dialect's own split, to play a
    /// server that sends packets over the 4096 bytes of Valve's page: CS2 answers <c>cvarlist</c> with packets over 4200
    /// bytes (https://github.com/Challengermode/CoreRcon/issues/45).
    /// </summary>
    public int? AnswerPacketBodyBytes { get; init; }

    /// <summary>
    /// A command the game reads, runs and then closes the connection on without answering, as a game does that quits or
    /// crashes running it (SRCDS's <c>quit</c>, Minecraft's <c>stop</c>). It counts as executed.
    /// </summary>
    public string? ClosesConnectionAfter { get; init; }

    /// <summary>Raw bytes written ahead of every command's answer, to play a misbehaving server.</summary>
    public byte[]? RawAnswerPrefix { get; set; }

    public int AuthAttempts => Volatile.Read(ref _authAttempts);

    /// <summary>Connections the Minecraft double dropped because one read did not hold exactly one packet.</summary>
    public int DroppedConnections => Volatile.Read(ref _droppedConnections);

    /// <summary>Every well-formed packet received, auth packets included.</summary>
    public int PacketsReceived => Volatile.Read(ref _packetsReceived);

    public int TotalExecutions => _executions.Values.Sum();

    /// <summary>How many times <paramref name="command"/> was executed, over all connections.</summary>
    public int ExecutionCount(string command) => _executions.GetValueOrDefault(command);

    /// <summary>Plays a game server that went away: the port is closed (connections are refused) and every connection drops.</summary>
    public void StopListening()
    {
        lock (_listenerLock)
        {
            _listener.Stop();
        }

        foreach (var client in _connections.Keys)
        {
            client.Dispose();
        }
    }

    /// <summary>
    /// Plays a game server restarting: every connection of the old process ends as <paramref name="close"/> says, and
    /// the port is listened on again. Returns once the clients' kernels have taken the close (none of their sockets to
    /// the port is still ESTABLISHED in /proc/net/tcp, see proc(5)), so a client's next step meets a closed connection,
    /// not one whose FIN or RST is still on the loopback.
    /// </summary>
    public async Task RestartAsync(ConnectionClose close, CancellationToken cancellationToken)
    {
        lock (_listenerLock)
        {
            _listener.Stop();
        }

        var clientPorts = new HashSet<int>();
        foreach (var client in _connections.Keys)
        {
            try
            {
                if (client.Client.RemoteEndPoint is IPEndPoint remote)
                {
                    clientPorts.Add(remote.Port);
                }

                if (close == ConnectionClose.Reset)
                {
                    client.Client.LingerState = new LingerOption(enable: true, seconds: 0);
                }
            }
            catch (Exception exception) when (exception is ObjectDisposedException or NullReferenceException or SocketException)
            {
                // That connection had ended already.
            }

            client.Dispose();
        }

        while (ClientSocketsEstablished(clientPorts) > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), cancellationToken);
        }

        StartListening();
    }

    /// <summary>Listens again on the same port, as a restarted game server does.</summary>
    public void StartListening()
    {
        lock (_listenerLock)
        {
            _listener = Listen(_port);
            _acceptLoops.Add(AcceptLoopAsync(_listener, _stopping.Token));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        lock (_listenerLock)
        {
            _listener.Stop();
        }

        foreach (var client in _connections.Keys)
        {
            client.Dispose();
        }

        await Task.WhenAll(_connections.Values.Concat(_acceptLoops)).WaitAsync(TimeSpan.FromSeconds(10));
        _stopping.Dispose();
    }

    // /proc/net/tcp: "sl local_address rem_address st ...", addresses as hex IP:port, state 01 is ESTABLISHED.
    // Only the sockets of the clients this double served count: while the port is closed, another test's connection
    // may take it as its ephemeral port, and the other end of that connection shows the port as its remote one.
    private int ClientSocketsEstablished(HashSet<int> clientPorts)
    {
        var remote = $":{_port:X4}";
        return File.ReadLines("/proc/net/tcp").Skip(1)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Count(fields => fields.Length > 3
                && fields[2].EndsWith(remote, StringComparison.Ordinal)
                && fields[3] == "01"
                && int.TryParse(fields[1].AsSpan(fields[1].IndexOf(':') + 1), System.Globalization.NumberStyles.HexNumber, null, out var local)
                && clientPorts.Contains(local));
    }

    private static TcpListener Listen(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);

        // A restarted listener must bind while the previous one's connections linger in TIME_WAIT.
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        return listener;
    }

    private async Task AcceptLoopAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var client = await listener.AcceptTcpClientAsync(cancellationToken);
                client.NoDelay = true;
                _connections[client] = ServeAsync(client, cancellationToken);
            }
        }
        catch (Exception exception) when (StoppedListener.Ended(exception))
        {
            // Stopped.
        }
    }

    private async Task ServeAsync(TcpClient client, CancellationToken cancellationToken)
    {
        await Task.Yield();
        try
        {
            var stream = client.GetStream();
            var session = new Session();

            if (Dialect == RconDialect.Minecraft)
            {
                await ServeOnePacketPerReadAsync(stream, session, cancellationToken);
                return;
            }

            // Room for one whole packet (4 + 4096 bytes) plus the start of the next.
            var input = new byte[2 * (4 + MaxPacketSize)];
            var filled = 0;
            while (true)
            {
                var read = await stream.ReadAsync(input.AsMemory(filled), cancellationToken);
                if (read == 0)
                {
                    return;
                }

                filled += read;
                var output = new ArrayBufferWriter<byte>();
                session.BatchAnswersCommand = false;
                var offset = 0;
                while (filled - offset >= 4)
                {
                    var size = BinaryPrimitives.ReadInt32LittleEndian(input.AsSpan(offset));
                    if (size is < MinPacketSize or > MaxPacketSize)
                    {
                        return; // Not Source RCON: drop the connection.
                    }

                    if (filled - offset - 4 < size)
                    {
                        break;
                    }

                    if (!Handle(input.AsSpan(offset + 4, size), session, output))
                    {
                        return;
                    }

                    offset += 4 + size;
                }

                input.AsSpan(offset, filled - offset).CopyTo(input);
                filled -= offset;
                await SendAsync(stream, output.WrittenMemory, session, cancellationToken);
            }
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // The client went away or the server is stopping.
        }
        finally
        {
            client.Dispose();
        }
    }

    /// <summary>
    /// Minecraft's request loop: one read of at most 1460 bytes is one packet, and a read whose Size field does not
    /// match its length (two packets that arrived together, or a packet cut short) drops the connection
    /// (https://bugs.mojang.com/browse/MC-87863; the limit from https://minecraft.wiki/w/RCON#Fragmentation).
    /// </summary>
    private async Task ServeOnePacketPerReadAsync(NetworkStream stream, Session session, CancellationToken cancellationToken)
    {
        var input = new byte[MinecraftMaxRequestBytes];
        while (true)
        {
            var read = await stream.ReadAsync(input, cancellationToken);
            if (read < 4 + MinPacketSize || BinaryPrimitives.ReadInt32LittleEndian(input) != read - 4)
            {
                Interlocked.Increment(ref _droppedConnections);
                return;
            }

            var output = new ArrayBufferWriter<byte>();
            session.BatchAnswersCommand = false;
            if (!Handle(input.AsSpan(4, read - 4), session, output))
            {
                return;
            }

            await SendAsync(stream, output.WrittenMemory, session, cancellationToken);
        }
    }

    /// <summary>Answers one packet (its bytes after the Size field); false drops the connection.</summary>
    private bool Handle(ReadOnlySpan<byte> packet, Session session, ArrayBufferWriter<byte> output)
    {
        if (packet[^2] != 0 || packet[^1] != 0)
        {
            return false;
        }

        Interlocked.Increment(ref _packetsReceived);
        if (Frozen)
        {
            return true; // the bytes sit in the socket; the frozen game never gets to them
        }

        var id = BinaryPrimitives.ReadInt32LittleEndian(packet);
        var type = BinaryPrimitives.ReadInt32LittleEndian(packet[4..]);
        var body = packet[8..^2];

        if (type == ServerDataAuth)
        {
            Interlocked.Increment(ref _authAttempts);
            session.Authenticated = string.Equals(Encoding.UTF8.GetString(body), _password, StringComparison.Ordinal);
            if (Dialect == RconDialect.Source)
            {
                // "SERVERDATA_AUTH_RESPONSE": an empty RESPONSE_VALUE first, then the AUTH_RESPONSE carrying the
                // request's id, or −1 when the password is wrong.
                WritePacket(output, id, ServerDataResponseValue, []);
            }

            // Minecraft: "If the server returns a packet with the same request ID, auth was successful (note: packet
            // type is 2, not 3). If you get a request ID of -1, auth failed" (https://minecraft.wiki/w/RCON). The other
            // games are modelled the same way: one AUTH_RESPONSE, nothing before it.
            WritePacket(output, session.Authenticated ? id : -1, ServerDataAuthResponse, []);
            return true;
        }

        if (Dialect == RconDialect.Minecraft && type != ServerDataExecCommand)
        {
            // Minecraft answers any type but 2 and 3 with "Unknown request <type in lower-case hex>", in a
            // RESPONSE_VALUE with the request's id, logged in or not (https://minecraft.wiki/w/RCON#Fragmentation).
            session.BatchAnswersCommand = true;
            WritePacket(output, id, ServerDataResponseValue, Encoding.UTF8.GetBytes($"Unknown request {type:x}"));
            return true;
        }

        if (!session.Authenticated)
        {
            WritePacket(output, -1, ServerDataAuthResponse, []);
            return true;
        }

        if (type == ServerDataExecCommand)
        {
            session.BatchAnswersCommand = true;
            var answerText = new StringBuilder();
            foreach (var command in CommandsOf(Encoding.UTF8.GetString(body)))
            {
                _executions.AddOrUpdate(command, 1, (_, count) => count + 1);
                if (command == ClosesConnectionAfter)
                {
                    return false;
                }

                answerText.Append(_handler(command) ?? UnknownCommandAnswer(command));
            }

            var answer = Encoding.UTF8.GetBytes(answerText.ToString());
            if (RawAnswerPrefix is { } prefix)
            {
                output.Write(prefix);
            }

            if (Dialect == RconDialect.Ark && answer.Length == 0)
            {
                // ARK never sends an empty answer: a command that printed nothing is answered with this text.
                answer = Encoding.UTF8.GetBytes(ArkNoResponse);
            }

            // "Multiple-packet Responses": an answer too long for one packet goes out as several RESPONSE_VALUE
            // packets. The split is by bytes and may cut a UTF-8 character in two. Minecraft fills 4096 body bytes per
            // packet; Palworld puts id 0 on every answer instead of the request's id
            // (https://github.com/conqp/rcon/issues/29).
            var chunkSize = AnswerPacketBodyBytes ?? (Dialect == RconDialect.Minecraft ? MinecraftMaxBodyBytes : MaxBodyBytes);
            var answerId = Dialect == RconDialect.Palworld ? 0 : id;
            var offset = 0;
            do
            {
                var chunk = answer.AsSpan(offset, Math.Min(chunkSize, answer.Length - offset));
                WritePacket(output, answerId, ServerDataResponseValue, chunk);
                offset += chunk.Length;
            }
            while (offset < answer.Length);
            return true;
        }

        if (type == ServerDataResponseValue && Dialect == RconDialect.Source)
        {
            session.BatchAnswersCommand = true;

            // "Multiple-packet Responses": SRCDS mirrors a RESPONSE_VALUE it receives, then sends another
            // RESPONSE_VALUE "containing 0x0000 0001 0000 0000 in the packet body field". The page leaves that
            // byte layout open; this double sends the body bytes 00 01 00 00 with the usual two NULs after them.
            WritePacket(output, id, ServerDataResponseValue, body);
            WritePacket(output, id, ServerDataResponseValue, [0x00, 0x01, 0x00, 0x00]);
            return true;
        }

        // Unknown types are ignored; so is the empty RESPONSE_VALUE by Palworld, ARK and Factorio, which do not mirror it
        // (Factorio: https://github.com/n0la/rcon/pull/6).
        return true;
    }

    /// <summary>
    /// The console commands one EXECCOMMAND body runs. SRCDS puts the body into its command buffer, which runs each
    /// command of the line (<see cref="SourceConsoleLine"/>); ARK and Palworld run it through the Unreal Engine console,
    /// which chains commands with '|' (<see cref="UnrealConsoleLine"/>; Palworld does not document its grammar, so the
    /// double plays the engine's). Minecraft runs the body as one Brigadier command (net.minecraft.server.rcon.thread.RconClient
    /// hands it whole to the server) and Factorio as one console line.
    /// </summary>
    private IReadOnlyList<string> CommandsOf(string line) => Dialect switch
    {
        RconDialect.Source => SourceConsoleLine.SplitCommands(line),
        RconDialect.Ark or RconDialect.Palworld => UnrealConsoleLine.SplitCommands(line),
        _ => [line],
    };

    /// <summary>What the game prints for a command it does not know.</summary>
    private string UnknownCommandAnswer(string command) => Dialect switch
    {
        // Source SDK 2013, tier1/commandbuffer.cpp Cmd_ExecuteString: Msg("Unknown command \"%s\"\n", Cmd_Argv(0)).
        RconDialect.Source => $"Unknown command \"{SourceConsoleLine.Tokenize(command).Arguments[0]}\"\n",

        // Brigadier's dispatcher fails at the first word; vanilla sends command.unknown.command and then the input up to the
        // error with "<--[HERE]" (net.minecraft.commands.Commands.performCommand), and its RCON source appends each message
        // without a line break (net.minecraft.server.rcon.RconConsoleSource.sendSystemMessage; https://bugs.mojang.com/browse/MC-7569).
        RconDialect.Minecraft => $"Unknown or incomplete command, see below for error{command}<--[HERE]",

        // As ARK: Survival Evolved answered in the run issue 12 reports.
        RconDialect.Ark => $"Unknown command \"{command.Split(' ')[0]}\"",
        _ => throw new InvalidOperationException($"The double does not know how {Dialect} answers an unknown command; give the handler an answer."),
    };

    /// <summary>"Basic Packet Structure": Size, Id, Type (int32 little-endian), the body, a NUL, a NUL.</summary>
    private static void WritePacket(ArrayBufferWriter<byte> output, int id, int type, ReadOnlySpan<byte> body)
    {
        var packet = output.GetSpan(4 + MinPacketSize + body.Length);
        BinaryPrimitives.WriteInt32LittleEndian(packet, MinPacketSize + body.Length);
        BinaryPrimitives.WriteInt32LittleEndian(packet[4..], id);
        BinaryPrimitives.WriteInt32LittleEndian(packet[8..], type);
        body.CopyTo(packet[12..]);
        packet[12 + body.Length] = 0;
        packet[13 + body.Length] = 0;
        output.Advance(4 + MinPacketSize + body.Length);
    }

    private async Task SendAsync(NetworkStream stream, ReadOnlyMemory<byte> bytes, Session session, CancellationToken cancellationToken)
    {
        if (session.Hung)
        {
            return;
        }

        if (session.BatchAnswersCommand && HangAfterBytes is { } limit && session.AnswerBytesSent + bytes.Length > limit)
        {
            bytes = bytes[..Math.Max(0, limit - session.AnswerBytesSent)];
            session.Hung = true;
        }

        if (session.BatchAnswersCommand)
        {
            session.AnswerBytesSent += bytes.Length;
        }

        if (WriteMode == ServerWriteMode.Coalesced)
        {
            await stream.WriteAsync(bytes, cancellationToken);
            await stream.FlushAsync(cancellationToken);
            return;
        }

        for (var i = 0; i < bytes.Length; i++)
        {
            await stream.WriteAsync(bytes.Slice(i, 1), cancellationToken);
            await stream.FlushAsync(cancellationToken);
        }
    }

    private sealed class Session
    {
        public bool Authenticated { get; set; }

        public bool BatchAnswersCommand { get; set; }

        public int AnswerBytesSent { get; set; }

        public bool Hung { get; set; }
    }
}

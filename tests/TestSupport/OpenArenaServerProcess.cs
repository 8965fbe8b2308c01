using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace GameOps.TestSupport;

/// <summary>
/// The real OpenArena dedicated server (ioquake3 engine) from Debian's <c>openarena-server</c> package, bound to
/// 127.0.0.1 on a free UDP port, with its home folder (config, logs) in a temporary folder. Readiness is checked with
/// its own raw <c>getinfo</c> query, sent from 127.0.0.2: ioquake3 rate-limits connectionless packets per source IP,
/// and the tests' rcon traffic from 127.0.0.1 should find that allowance untouched.
/// </summary>
public sealed class OpenArenaServerProcess : IAsyncDisposable
{
    /// <summary>Debian's wrapper: it runs /usr/lib/ioquake3/ioq3ded with OpenArena's data path and protocol.</summary>
    public const string Executable = "/usr/games/openarena-server";

    /// <summary>A map in the openarena-data package.</summary>
    public const string Map = "oa_dm1";

    private readonly TempDirectory _home;

    private OpenArenaServerProcess(TempDirectory home, ConsoleProcess process, int port, string? rconPassword)
    {
        _home = home;
        Process = process;
        Port = port;
        RconPassword = rconPassword;
    }

    public string Host { get; } = "127.0.0.1";

    public int Port { get; }

    /// <summary>The server's <c>rconpassword</c>; <see langword="null"/> when it runs with rcon off.</summary>
    public string? RconPassword { get; }

    /// <summary>The server process, to read its output or freeze it.</summary>
    public ConsoleProcess Process { get; }

    /// <summary>The arguments the server is started with: usable as a command line to reproduce a test by hand.</summary>
    public static IReadOnlyList<string> Arguments(string homePath, int port, string? rconPassword)
    {
        var arguments = new List<string>
        {
            "+set", "fs_homepath", homePath,
            "+set", "dedicated", "1", // LAN: no heartbeats to master servers
            "+set", "net_enabled", "1", // IPv4 only
            "+set", "net_ip", "127.0.0.1",
            "+set", "net_port", port.ToString(CultureInfo.InvariantCulture),
            "+set", "ttycon", "0",
            "+set", "sv_hostname", "GameOps test",
        };
        if (rconPassword is not null)
        {
            arguments.AddRange(["+set", "rconpassword", rconPassword]);
        }

        arguments.AddRange(["+map", Map]);
        return arguments;
    }

    /// <summary>Starts a server and waits until it answers queries.</summary>
    /// <param name="rconPassword">The rcon password; <see langword="null"/> starts the server with rcon off.</param>
    public static async Task<OpenArenaServerProcess> StartAsync(string? rconPassword, TimeSpan? startTimeout = null)
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException(
                $"{Executable} is missing: install Debian's openarena-server package (./test.sh does it with apt-get).");
        }

        var home = new TempDirectory();
        var port = TestPorts.FreeUdp();
        var process = ConsoleProcess.Start(
            ParentWatchedCommand.Shell, ParentWatchedCommand.Arguments(Executable, Arguments(home.Path, port, rconPassword)), home.Path);
        var server = new OpenArenaServerProcess(home, process, port, rconPassword);
        try
        {
            await server.WaitUntilAnsweringAsync(startTimeout ?? TimeSpan.FromSeconds(60));
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Process.DisposeAsync();
        _home.Dispose();
    }

    private async Task WaitUntilAnsweringAsync(TimeSpan timeout)
    {
        // A connectionless query: four 0xFF bytes and "getinfo <challenge>"; the answer is "infoResponse" behind the same marker.
        byte[] query = [0xFF, 0xFF, 0xFF, 0xFF, .. "getinfo gameops"u8];
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));
        socket.Connect(new IPEndPoint(IPAddress.Loopback, Port));
        var buffer = new byte[65_535];
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        while (stopwatch.Elapsed < timeout)
        {
            if (Process.HasExited)
            {
                throw new InvalidOperationException($"The OpenArena server exited with code {Process.ExitCode} before answering:\n{Process.Output}");
            }

            using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
            try
            {
                await socket.SendAsync(query, SocketFlags.None, wait.Token);
                var length = await socket.ReceiveAsync(buffer, SocketFlags.None, wait.Token);
                if (length > 4 && buffer.AsSpan(4, length - 4).StartsWith("infoResponse"u8))
                {
                    return;
                }
            }
            catch (OperationCanceledException)
            {
                // Not up yet: the engine ignores packets until its map is loaded.
            }
            catch (SocketException exception) when (exception.SocketErrorCode == SocketError.ConnectionRefused)
            {
                // Not bound yet: the port answered "unreachable".
                await Task.Delay(TimeSpan.FromMilliseconds(250));
            }
        }

        throw new TimeoutException($"The OpenArena server did not answer on 127.0.0.1:{Port} within {timeout}:\n{Process.Output}");
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace GameOps.TestSupport;

/// <summary>
/// The real Teeworlds server from Debian's <c>teeworlds-server</c> package, its game port (UDP) and external console
/// (econ, TCP) bound to 127.0.0.1 on free ports. It runs in a temporary folder holding its config and a
/// <c>storage.cfg</c> that keeps everything it writes in that folder (by default it writes to ~/.local/share). The
/// server takes <c>-f</c> relative to its storage paths, so the config is named relative to the working folder.
/// </summary>
public sealed class TeeworldsServerProcess : IAsyncDisposable
{
    public const string Executable = "/usr/games/teeworlds-server";

    /// <summary>The config file name, relative to <see cref="WorkingDirectory"/>.</summary>
    public const string ConfigFile = "gameops.cfg";

    private readonly TempDirectory _directory;

    private TeeworldsServerProcess(TempDirectory directory, string econPassword, int gamePort, int econPort)
    {
        _directory = directory;
        EconPassword = econPassword;
        GamePort = gamePort;
        EconPort = econPort;
    }

    public string Host { get; } = "127.0.0.1";

    /// <summary>The game's UDP port (<c>sv_port</c>).</summary>
    public int GamePort { get; }

    /// <summary>The external console's TCP port (<c>ec_port</c>).</summary>
    public int EconPort { get; }

    public string EconPassword { get; }

    public string WorkingDirectory => _directory.Path;

    /// <summary>The running server process, to read its output or freeze it.</summary>
    public ConsoleProcess Process { get; private set; } = null!;

    /// <summary>The config the server runs with.</summary>
    public static string Config(int gamePort, int econPort, string econPassword) => string.Join('\n',
        "sv_name \"GameOps test\"",
        $"sv_port {gamePort.ToString(CultureInfo.InvariantCulture)}",
        "bindaddr 127.0.0.1",
        "sv_register 0",
        "ec_bindaddr 127.0.0.1",
        $"ec_port {econPort.ToString(CultureInfo.InvariantCulture)}",
        $"ec_password \"{econPassword}\"",
        string.Empty);

    /// <summary>Starts a server and waits until its econ sends the password prompt.</summary>
    public static async Task<TeeworldsServerProcess> StartAsync(string econPassword, TimeSpan? startTimeout = null)
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException(
                $"{Executable} is missing: install Debian's teeworlds-server package (./test.sh does it with apt-get).");
        }

        var directory = new TempDirectory();
        var server = new TeeworldsServerProcess(directory, econPassword, TestPorts.FreeUdp(), TestPorts.Free());
        await File.WriteAllTextAsync(directory.Combine("storage.cfg"), "add_path $CURRENTDIR\nadd_path $DATADIR\n");
        await File.WriteAllTextAsync(directory.Combine(ConfigFile), Config(server.GamePort, server.EconPort, econPassword));
        try
        {
            await server.StartProcessAsync(startTimeout ?? TimeSpan.FromSeconds(30));
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Kills the server at once, as a crash would, and starts it again on the same ports with the same config.</summary>
    public async Task RestartAsync(TimeSpan? startTimeout = null)
    {
        await Process.DisposeAsync();
        await StartProcessAsync(startTimeout ?? TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        if (Process is not null)
        {
            await Process.DisposeAsync();
        }

        _directory.Dispose();
    }

    private async Task StartProcessAsync(TimeSpan timeout)
    {
        Process = ConsoleProcess.Start(ParentWatchedCommand.Shell, ParentWatchedCommand.Arguments(Executable, ["-f", ConfigFile]), WorkingDirectory);
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < timeout)
        {
            if (Process.HasExited)
            {
                throw new InvalidOperationException($"The Teeworlds server exited with code {Process.ExitCode} before its econ answered:\n{Process.Output}");
            }

            if (await PromptsForPasswordAsync())
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }

        throw new TimeoutException($"The Teeworlds econ on 127.0.0.1:{EconPort} did not prompt for a password within {timeout}:\n{Process.Output}");
    }

    /// <summary>Whether a fresh econ connection gets the prompt: the bytes "Enter password:" and a line end.</summary>
    private async Task<bool> PromptsForPasswordAsync()
    {
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, EconPort, wait.Token);
            var stream = client.GetStream();
            var received = new List<byte>();
            var buffer = new byte[256];
            while (!received.ToArray().AsSpan().StartsWith("Enter password:\n"u8))
            {
                var length = await stream.ReadAsync(buffer, wait.Token);
                if (length == 0)
                {
                    return false;
                }

                received.AddRange(buffer.AsSpan(0, length));
            }

            return true;
        }
        catch (Exception exception) when (exception is SocketException or IOException or OperationCanceledException)
        {
            return false;
        }
    }
}

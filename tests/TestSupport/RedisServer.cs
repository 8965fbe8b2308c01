using System.Globalization;

namespace GameOps.TestSupport;

/// <summary>
/// A throwaway Redis server from Debian's <c>redis-server</c> package on 127.0.0.1 at a free port, keeping nothing on
/// disk beyond its temporary folder.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    public const string Executable = "/usr/bin/redis-server";

    private readonly TempDirectory _directory = new();
    private ConsoleProcess? _process;

    private RedisServer(int port) => Port = port;

    public int Port { get; }

    /// <summary>The process the server runs under, for measuring its CPU.</summary>
    public int Pid => _process?.Id ?? 0;

    /// <summary>A StackExchange.Redis configuration string for this server.</summary>
    public string ConnectionString => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    public static async Task<RedisServer> StartAsync(TimeSpan? startTimeout = null)
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} is missing: install Debian's redis-server package (./test.sh does it with apt-get).");
        }

        var server = new RedisServer(TestPorts.Free());
        try
        {
            server._process = ConsoleProcess.Start(
                ParentWatchedCommand.Shell,
                ParentWatchedCommand.Arguments(Executable,
                [
                    "--port", server.Port.ToString(CultureInfo.InvariantCulture),
                    "--bind", "127.0.0.1",
                    "--dir", server._directory.Path,
                    "--save", string.Empty,
                    "--appendonly", "no",
                    "--daemonize", "no",
                ]),
                server._directory.Path);
            await server._process.WaitForOutputAsync("Ready to accept connections", startTimeout ?? TimeSpan.FromMinutes(1));
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
        // Idempotent: a test stops the server early to see what a silo does without it.
        if (Interlocked.Exchange(ref _process, null) is { } process)
        {
            await process.DisposeAsync();
        }

        _directory.Dispose();
    }
}

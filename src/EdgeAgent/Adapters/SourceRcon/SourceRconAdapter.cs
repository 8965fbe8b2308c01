using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using GameOps.EdgeAgent.Configuration;
using Microsoft.Extensions.Logging;

namespace GameOps.EdgeAgent.Adapters.SourceRcon;

/// <summary>
/// Runs typed actions on Source RCON servers (Source engine games, Minecraft, Palworld, ARK, Rust legacy, …), keeping
/// one <see cref="SourceRconClient"/> per server and reconnecting it whenever a command broke the connection (a
/// hung game fails its job at the deadline, which closes the connection; the next job dials afresh).
/// </summary>
public sealed partial class SourceRconAdapter : IGameAdapter, IAsyncDisposable
{
    public const string KindName = "source-rcon";

    /// <summary>The argument of <see cref="GameActions.ConsoleRaw"/>: one console command line.</summary>
    public const string CommandArgument = "command";

    /// <summary>The argument of <see cref="GameActions.ChatSay"/>: the text to broadcast.</summary>
    public const string MessageArgument = "message";

    // The job's deadline is the real limit (the runner cancels at it); this only stops a command without one
    // from holding the connection for ever.
    private static readonly SourceRconClientOptions DefaultClientOptions = new() { CommandTimeout = TimeSpan.FromMinutes(5) };

    private readonly ConcurrentDictionary<string, ServerConnection> _connections = new(StringComparer.Ordinal);
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly SourceRconClientOptions _clientOptions;

    public SourceRconAdapter(ILoggerFactory loggerFactory, TimeProvider timeProvider)
        : this(loggerFactory, timeProvider, DefaultClientOptions)
    {
    }

    internal SourceRconAdapter(ILoggerFactory loggerFactory, TimeProvider timeProvider, SourceRconClientOptions clientOptions)
    {
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<SourceRconAdapter>();
        _timeProvider = timeProvider;
        _clientOptions = clientOptions;
    }

    public static IReadOnlyList<string> Actions { get; } = [GameActions.ConsoleRaw, GameActions.ChatSay, GameActions.PlayersList];

    public string Kind => KindName;

    public IReadOnlyList<string> SupportedActions => Actions;

    public async Task<GameResult> ExecuteAsync(
        GameServerConfig server,
        string action,
        IReadOnlyDictionary<string, string> arguments,
        CancellationToken cancellationToken) =>
        new(await RunAsync(server, ToCommand(action, arguments), cancellationToken));

    public Task ProbeAsync(GameServerConfig server, CancellationToken cancellationToken) =>
        RunAsync(server, "status", cancellationToken);

    private async Task<string> RunAsync(GameServerConfig server, string command, CancellationToken cancellationToken)
    {
        var connection = _connections.GetOrAdd(
            server.Id,
            _ => new ServerConnection(new SourceRconClient(_clientOptions, _loggerFactory.CreateLogger<SourceRconClient>(), _timeProvider)));

        // One exchange per server at a time, connect included: the next job waits (until its own deadline).
        await connection.Gate.WaitAsync(cancellationToken);
        try
        {
            if (!connection.Client.IsConnected)
            {
                await connection.Client.ConnectAsync(server.Address.Host, server.Address.Port, server.Password, cancellationToken);
            }

            return await connection.Client.ExecuteAsync(command, cancellationToken);
        }
        catch (RconAuthenticationException exception)
        {
            LogFailed(server.Id, exception);
            throw new GameAdapterException($"game server '{server.Id}' refused the RCON password configured on this host", exception);
        }
        catch (RconProtocolException exception)
        {
            LogFailed(server.Id, exception);
            throw new GameAdapterException(
                $"game server '{server.Id}' broke the Source RCON protocol; the connection was reset", exception);
        }
        catch (TimeoutException exception)
        {
            LogFailed(server.Id, exception);
            throw new GameAdapterException($"game server '{server.Id}' did not answer in time; the connection was reset", exception);
        }
        catch (SocketException exception)
        {
            LogFailed(server.Id, exception);
            throw new GameAdapterException($"could not connect to game server '{server.Id}' ({exception.SocketErrorCode})", exception);
        }
        catch (IOException exception)
        {
            LogFailed(server.Id, exception);
            throw new GameAdapterException($"the connection to game server '{server.Id}' was lost", exception);
        }
        finally
        {
            connection.Gate.Release();
        }
    }

    /// <summary>
    /// The console command for <paramref name="action"/>. Arguments are data: each is one line of text, placed into
    /// the one command this action sends; nothing here reaches a shell.
    /// </summary>
    /// <exception cref="GameAdapterException">The action is unknown or an argument is missing or unsafe.</exception>
    public static string ToCommand(string action, IReadOnlyDictionary<string, string> arguments)
    {
        var command = action switch
        {
            GameActions.ConsoleRaw => RequireLine(action, CommandArgument, arguments),
            GameActions.ChatSay => "say " + RequireLine(action, MessageArgument, arguments),
            GameActions.PlayersList => "status",
            _ => throw new GameAdapterException($"action '{action}' is not supported by the {KindName} adapter"),
        };

        var bytes = Encoding.UTF8.GetByteCount(command);
        if (bytes > SourceRconClient.MaxCommandBytes)
        {
            throw new GameAdapterException(
                $"the {action} command is {bytes} bytes; Source RCON takes at most {SourceRconClient.MaxCommandBytes}");
        }

        return command;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections.Values)
        {
            await connection.Client.DisposeAsync();
        }

        _connections.Clear();
    }

    private static string RequireLine(string action, string name, IReadOnlyDictionary<string, string> arguments)
    {
        if (!arguments.TryGetValue(name, out var value) || string.IsNullOrWhiteSpace(value))
        {
            throw new GameAdapterException($"{action} needs the argument '{name}'");
        }

        // A line break would let one argument smuggle a second console command; NUL ends the packet body early.
        if (value.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0)
        {
            throw new GameAdapterException($"the argument '{name}' of {action} must be a single line without line breaks or NUL characters");
        }

        return value;
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "A Source RCON command for game server {ServerId} failed")]
    private partial void LogFailed(string serverId, Exception exception);

    private sealed class ServerConnection(SourceRconClient client)
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public SourceRconClient Client { get; } = client;
    }
}

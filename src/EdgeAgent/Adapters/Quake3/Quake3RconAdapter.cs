using System.Collections.Concurrent;
using System.Net.Sockets;
using GameOps.AgentProtocol;
using GameOps.EdgeAgent.Adapters.Results;
using GameOps.EdgeAgent.Configuration;
using Microsoft.Extensions.Logging;

namespace GameOps.EdgeAgent.Adapters.Quake3;

/// <summary>
/// Runs typed actions on id Tech 3 servers (OpenArena, Urban Terror, Call of Duty 2/4, any ioquake3 game) through
/// rcon over UDP. One <see cref="Quake3RconClient"/> per server address paces requests to the server's flood limit;
/// UDP keeps no connection, so a hung server only fails the jobs it leaves unanswered, and there is nothing to reset.
/// </summary>
public sealed partial class Quake3RconAdapter : IGameAdapter
{
    public const string KindName = "quake3-rcon";

    /// <summary>The argument of <see cref="GameActions.ConsoleRaw"/>: one console command line.</summary>
    public const string CommandArgument = "command";

    /// <summary>The argument of <see cref="GameActions.ChatSay"/>: the text to broadcast.</summary>
    public const string MessageArgument = GameActionArguments.Message;

    /// <summary>The argument of <see cref="GameActions.PlayerKick"/>: a slot number from players.list, or a player's name.</summary>
    public const string PlayerArgument = GameActionArguments.Player;

    private readonly ConcurrentDictionary<string, Quake3RconClient> _clients = new(StringComparer.Ordinal);
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly Quake3RconClientOptions _options;

    public Quake3RconAdapter(ILoggerFactory loggerFactory, TimeProvider timeProvider)
        : this(loggerFactory, timeProvider, new Quake3RconClientOptions())
    {
    }

    internal Quake3RconAdapter(ILoggerFactory loggerFactory, TimeProvider timeProvider, Quake3RconClientOptions options)
    {
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<Quake3RconAdapter>();
        _timeProvider = timeProvider;
        _options = options;
    }

    public static IReadOnlyList<string> Actions { get; } =
        [GameActions.ConsoleRaw, GameActions.ChatSay, GameActions.PlayersList, GameActions.PlayerKick];

    public string Kind => KindName;

    public IReadOnlyList<string> SupportedActions => Actions;

    public async Task<GameResult> ExecuteAsync(
        GameServerConfig server,
        string action,
        IReadOnlyDictionary<string, string> arguments,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        var command = ToCommand(action, arguments);
        var readOnly = action == GameActions.PlayersList;
        var text = await RunAsync(server, command, readOnly, cancellationToken);
        if (Refusal(text) is { } refusal)
        {
            throw new GameAdapterException($"game server '{server.Id}' refused {action}: {refusal}");
        }

        if (action != GameActions.PlayersList)
        {
            return new GameResult(text);
        }

        return Quake3StatusParser.TryParse(text, out var players, out var error)
            ? new GameResult(text, GameResultJson.Serialize(players))
            : throw new GameAdapterException($"game server '{server.Id}' answered status with something other than a player table: {error}");
    }

    public Task ProbeAsync(GameServerConfig server, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        return RunAsync(server, "status", readOnly: true, cancellationToken);
    }

    /// <summary>
    /// The console command for <paramref name="action"/>. Arguments are data, each one quoted argument of the one command
    /// the action sends. The engine (ioquake3's <c>Cbuf_Execute</c> and <c>Cmd_TokenizeString</c>) ends a command at a
    /// line break or, outside quotes, at <c>;</c>, and reads <c>//</c> and <c>/* */</c> outside quotes as comments, but
    /// has no escape for a <c>"</c> inside quotes: so a chat message goes in quotes without its own <c>"</c> (the
    /// engine drops those from chat anyway), a name with one is refused, and a control character refuses any argument.
    /// </summary>
    /// <exception cref="GameAdapterException">The action is unknown or an argument is missing or cannot be sent.</exception>
    public static string ToCommand(string action, IReadOnlyDictionary<string, string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        return action switch
        {
            GameActions.ConsoleRaw => ConsoleArguments.Require(action, CommandArgument, arguments),
            GameActions.ChatSay => "say " + QuotedChat(ConsoleArguments.Require(action, MessageArgument, arguments)),
            GameActions.PlayersList => "status",
            GameActions.PlayerKick => KickCommand(ConsoleArguments.Require(action, PlayerArgument, arguments).Trim()),
            _ => throw new GameAdapterException($"action '{action}' is not supported by the {KindName} adapter"),
        };
    }

    /// <summary>
    /// The engine's one-line answer that says a command did not run (ioquake3 <c>sv_ccmds.c</c>; OpenArena's
    /// <c>unknown command: …</c>, as the real server prints it), or null. Only a whole answer counts: the same words
    /// inside longer output (a player's chat) are not a refusal.
    /// </summary>
    public static string? Refusal(string answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var line = answer.AsSpan().Trim();
        if (line.IsEmpty || line.Contains('\n'))
        {
            return null;
        }

        return line.SequenceEqual("Server is not running.")
            || line.SequenceEqual("No player specified.")
            || line.SequenceEqual("Cannot kick host player")
            || line.StartsWith("unknown command: ", StringComparison.Ordinal)
            || line.StartsWith("Bad client slot: ", StringComparison.Ordinal)
            || line.StartsWith("Bad slot number: ", StringComparison.Ordinal)
            || (line.StartsWith("Client ", StringComparison.Ordinal) && line.EndsWith(" is not active", StringComparison.Ordinal))
            || (line.StartsWith("Player ", StringComparison.Ordinal) && line.EndsWith(" is not on the server", StringComparison.Ordinal))
            ? line.ToString()
            : null;
    }

    private static string QuotedChat(string message)
    {
        // SV_ConSay_f sends the words of Cmd_Args, which never holds a quote: leaving ours out changes nothing players see.
        var text = message.Replace("\"", string.Empty, StringComparison.Ordinal);
        return string.IsNullOrWhiteSpace(text)
            ? throw new GameAdapterException("the argument 'message' of chat.say has no text besides double quotes, which Quake 3 chat cannot show")
            : $"\"{text}\"";
    }

    private static string KickCommand(string player)
    {
        // A slot number, as players.list reports it, is the one unambiguous handle; clientkick takes nothing else.
        if (player.Length <= 3 && player.All(char.IsAsciiDigit))
        {
            return "clientkick " + player;
        }

        // Older engines read "kick all" and "kick allbots" as everyone; a job kicks one player.
        if (player.Equals("all", StringComparison.OrdinalIgnoreCase) || player.Equals("allbots", StringComparison.OrdinalIgnoreCase))
        {
            throw new GameAdapterException($"player.kick kicks one player; '{player}' would kick everyone on some servers");
        }

        // Quoted, so a name with spaces stays one argument; the engine has no escape for a quote inside quotes.
        if (player.Contains('"', StringComparison.Ordinal))
        {
            throw new GameAdapterException("the argument 'player' of player.kick must not contain a double quote; use the slot number from players.list");
        }

        return $"kick \"{player}\"";
    }

    private async Task<string> RunAsync(GameServerConfig server, string command, bool readOnly, CancellationToken cancellationToken)
    {
        if (!Quake3RconPacket.IsSendablePassword(server.Password))
        {
            throw new GameAdapterException(
                $"the rcon password configured for game server '{server.Id}' holds a space, a quote, a control character or '//', " +
                "which Quake 3 rcon cannot send");
        }

        var length = Quake3RconPacket.GetRequestLineLength(server.Password, command);
        if (length > Quake3RconPacket.MaxRequestLineBytes)
        {
            throw new GameAdapterException(
                $"the command for game server '{server.Id}' is too long: Quake 3 rcon takes {Quake3RconPacket.MaxRequestLineBytes} bytes " +
                $"for 'rcon', the password and the command together, and this request needs {length}");
        }

        var client = _clients.GetOrAdd(
            server.Address.ToString(),
            _ => new Quake3RconClient(server.Address, _options, _timeProvider, _loggerFactory.CreateLogger<Quake3RconClient>()));
        try
        {
            return await client.ExecuteAsync(server.Password, command, readOnly, cancellationToken);
        }
        catch (Quake3RconAuthenticationException exception)
        {
            LogFailed(server.Id, exception);
            throw new GameAdapterException(
                exception.RconDisabled
                    ? $"game server '{server.Id}' has no rconpassword set, so it refuses all rcon commands"
                    : $"game server '{server.Id}' refused the rcon password configured on this host",
                exception);
        }
        catch (TimeoutException exception)
        {
            LogFailed(server.Id, exception);
            throw new GameAdapterException($"game server '{server.Id}' did not answer the rcon command in time", exception);
        }
        catch (InvalidDataException exception)
        {
            LogFailed(server.Id, exception);
            throw new GameAdapterException(
                $"game server '{server.Id}' sent an rcon answer larger than {_options.MaxResponseBytes} bytes; the rest was ignored", exception);
        }
        catch (SocketException exception)
        {
            LogFailed(server.Id, exception);
            throw new GameAdapterException($"could not reach game server '{server.Id}' over UDP ({exception.SocketErrorCode})", exception);
        }
    }

    // The job's error or the probe's state says what happened; an unreachable server is expected, not worth a stack trace.
    private void LogFailed(string serverId, Exception exception)
    {
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            LogFailed(serverId, exception.Message);
        }
    }

    [LoggerMessage(EventId = 120, Level = LogLevel.Debug, Message = "A Quake 3 rcon command for game server {ServerId} failed: {Reason}")]
    private partial void LogFailed(string serverId, string reason);
}

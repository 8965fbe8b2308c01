using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using GameOps.AgentProtocol;
using GameOps.EdgeAgent.Adapters.Results;
using GameOps.EdgeAgent.Configuration;
using GameOps.EdgeAgent.Console;
using Microsoft.Extensions.Logging;

namespace GameOps.EdgeAgent.Adapters.Teeworlds;

/// <summary>
/// Runs typed actions on Teeworlds servers (0.6, 0.7 and forks such as DDNet) through the external console (econ):
/// one pooled, logged-in TCP connection per server, used by one exchange at a time, and another for the health probe.
/// A connection that failed or timed out is closed; the next job logs in again. While the jobs' connection is open, the
/// lines the server prints go to the <see cref="IConsoleLineSink"/> (the probe's are dropped: they would come twice).
/// </summary>
public sealed partial class TeeworldsEconAdapter : IGameAdapter, IAsyncDisposable
{
    public const string KindName = "teeworlds-econ";

    /// <summary>The argument of <see cref="GameActions.ConsoleRaw"/>: one console line (it may hold several commands separated by <c>;</c>).</summary>
    public const string CommandArgument = "command";

    /// <summary>The argument of <see cref="GameActions.ChatSay"/>: the text to broadcast.</summary>
    public const string MessageArgument = GameActionArguments.Message;

    /// <summary>The argument of <see cref="GameActions.PlayerKick"/> and <see cref="GameActions.PlayerBan"/>: a client id from players.list, or an exact name.</summary>
    public const string PlayerArgument = GameActionArguments.Player;

    /// <summary>The optional reason of a kick or ban, shown to the player.</summary>
    public const string ReasonArgument = GameActionArguments.Reason;

    /// <summary>The optional length of a ban: whole minutes, or a number with <c>m</c>, <c>h</c> or <c>d</c>; omitted means permanent.</summary>
    public const string DurationArgument = GameActionArguments.Duration;

    /// <summary>The longest console line the agent sends. The server's receive buffer holds about 1.4 KiB for the line and the agent's end marker.</summary>
    public const int MaxCommandBytes = 1000;

    /// <summary>The longest ban Teeworlds 0.7 keeps (31 days); it silently shortens longer ones, so the agent refuses them.</summary>
    public const int MaxBanMinutes = 44_640;


    private readonly ConcurrentDictionary<string, ServerSlot> _slots = new(StringComparer.Ordinal);
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly TeeworldsEconClientOptions _options;
    private readonly IConsoleLineSink _sink;

    public TeeworldsEconAdapter(ILoggerFactory loggerFactory, TimeProvider timeProvider, IConsoleLineSink sink)
        : this(loggerFactory, timeProvider, new TeeworldsEconClientOptions(), sink)
    {
    }

    internal TeeworldsEconAdapter(ILoggerFactory loggerFactory, TimeProvider timeProvider, TeeworldsEconClientOptions options, IConsoleLineSink? sink = null)
    {
        _sink = sink ?? NullConsoleLineSink.Instance;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<TeeworldsEconAdapter>();
        _timeProvider = timeProvider;
        _options = options;
    }

    public static IReadOnlyList<string> Actions { get; } =
        [GameActions.ConsoleRaw, GameActions.ChatSay, GameActions.PlayersList, GameActions.PlayerKick, GameActions.PlayerBan];

    public string Kind => KindName;

    public IReadOnlyList<string> SupportedActions => Actions;

    public async Task<GameResult> ExecuteAsync(
        GameServerConfig server,
        string action,
        IReadOnlyDictionary<string, string> arguments,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(arguments);

        // Every argument is checked before the console is touched: a kick's player is only resolved to an id on it.
        var command = ToCommand(action, arguments, clientId: "0");
        IReadOnlyList<string> answer;
        if (action is GameActions.PlayerKick or GameActions.PlayerBan)
        {
            var player = ConsoleArguments.Require(action, PlayerArgument, arguments).Trim();
            answer = await RunAsync(
                server,
                async (connection, token) =>
                {
                    var id = await ResolvePlayerAsync(server, connection, player, token);
                    return await connection.ExecuteAsync(ToCommand(action, arguments, id), token);
                },
                cancellationToken);
        }
        else
        {
            answer = await RunAsync(server, (connection, token) => connection.ExecuteAsync(command, token), cancellationToken);
        }

        if (Refusal(answer) is { } refusal)
        {
            throw new GameAdapterException($"game server '{server.Id}' refused {action}: {refusal}");
        }

        var text = string.Join('\n', answer);
        if (action != GameActions.PlayersList)
        {
            return new GameResult(text);
        }

        return TeeworldsStatusParser.TryParse(text, out var players, out var error)
            ? new GameResult(text, GameResultJson.Serialize(players))
            : throw new GameAdapterException($"game server '{server.Id}' answered status with a line the agent cannot read: {error}");
    }

    /// <summary>
    /// The console line for <paramref name="action"/>, with <paramref name="clientId"/> as the player of a kick or ban.
    /// Text arguments are one line of printable text (the econ turns a control character into a space and ends the
    /// line at a line break), sent <see cref="Quote">quoted</see>; <c>console.raw</c> is sent as given.
    /// </summary>
    /// <exception cref="GameAdapterException">The action is unknown, or an argument is missing, unsafe or too long.</exception>
    public static string ToCommand(string action, IReadOnlyDictionary<string, string> arguments, string clientId)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var command = action switch
        {
            GameActions.ConsoleRaw => ConsoleArguments.Require(action, CommandArgument, arguments),
            GameActions.ChatSay => "say " + Quote(ConsoleArguments.Require(action, MessageArgument, arguments)),
            GameActions.PlayersList => "status",
            GameActions.PlayerKick => $"kick {clientId}{OptionalReason(action, arguments)}",
            GameActions.PlayerBan => string.Create(CultureInfo.InvariantCulture, $"ban {clientId} {BanMinutes(arguments)}{OptionalReason(action, arguments)}"),
            _ => throw new GameAdapterException($"action '{action}' is not supported by the {KindName} adapter"),
        };

        var bytes = Encoding.UTF8.GetByteCount(command);
        return bytes <= MaxCommandBytes
            ? command
            : throw new GameAdapterException($"the econ command is {bytes} bytes; the agent sends at most {MaxCommandBytes}");
    }

    /// <summary>
    /// The first line of <paramref name="answer"/> in which the server's console says a command did not run, as its
    /// message without the <c>[time][system]: </c> prefix; null when there is none. From Teeworlds' source:
    /// engine/shared/console.cpp (<c>No such command: …</c>, <c>Invalid arguments... Usage: …</c>, <c>Access for
    /// command … denied.</c>), engine/server/server.cpp (<c>invalid client id to kick</c>, <c>you can't kick
    /// yourself</c>, <c>kick command denied</c>) and <c>ban error (…)</c> from the ban commands. Only the console's own
    /// systems count: the same words in a player's chat line are not a refusal.
    /// </summary>
    public static string? Refusal(IReadOnlyList<string> answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        foreach (var line in answer)
        {
            if (!TeeworldsConsoleLine.TrySplit(line, out var system, out var message)
                || !(system.SequenceEqual("Console") || system.SequenceEqual("console") || system.SequenceEqual("server") || system.SequenceEqual("net_ban")))
            {
                continue;
            }

            if (message.StartsWith("No such command: ", StringComparison.Ordinal)
                || message.StartsWith("Invalid arguments... Usage: ", StringComparison.Ordinal)
                || (message.StartsWith("Access for command ", StringComparison.Ordinal) && message.EndsWith(" denied.", StringComparison.Ordinal))
                || message.SequenceEqual("invalid client id to kick")
                || message.SequenceEqual("you can't kick yourself")
                || message.SequenceEqual("kick command denied")
                || message.StartsWith("ban error (", StringComparison.Ordinal))
            {
                return message.ToString();
            }
        }

        return null;
    }

    /// <summary>
    /// Sends only a marker (<c>echo gameops-…</c>) and waits for it: the game's console loop runs. The probe has
    /// a connection of its own, so a job waiting on a slow answer never makes the server look hung, nor the reverse.
    /// </summary>
    public Task ProbeAsync(GameServerConfig server, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        return RunAsync(server, (connection, token) => connection.ExecuteAsync(command: null, token), cancellationToken, probe: true);
    }

    /// <summary>
    /// <paramref name="text"/> as one quoted console argument: the Teeworlds console splits a line into commands at
    /// <c>;</c> and starts a comment at <c>#</c>, except inside double quotes, where <c>\"</c> and <c>\\</c> stand for
    /// a quote and a backslash. So a chat message or a reason can never become a second command.
    /// </summary>
    public static string Quote(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var quoted = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            if (c is '"' or '\\')
            {
                quoted.Append('\\');
            }

            quoted.Append(c);
        }

        return quoted.Append('"').ToString();
    }

    /// <summary>
    /// The ban length in minutes from the <c>duration</c> argument: <c>90</c> or <c>90m</c>, <c>12h</c>, <c>7d</c>;
    /// 0 (Teeworlds' "for life") when it is omitted.
    /// </summary>
    /// <exception cref="GameAdapterException">The duration is not a positive whole number with an optional unit, or longer than <see cref="MaxBanMinutes"/>.</exception>
    public static int BanMinutes(IReadOnlyDictionary<string, string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        if (!arguments.TryGetValue(DurationArgument, out var duration) || string.IsNullOrWhiteSpace(duration))
        {
            return 0;
        }

        var text = duration.Trim();
        var unit = char.IsAsciiLetter(text[^1]) ? char.ToLowerInvariant(text[^1]) : 'm';
        var number = char.IsAsciiLetter(text[^1]) ? text[..^1] : text;
        var perUnit = unit switch { 'm' => 1L, 'h' => 60L, 'd' => 1440L, _ => 0L };
        if (perUnit == 0 || number.Length is 0 or > 9 || !number.All(char.IsAsciiDigit))
        {
            throw new GameAdapterException(
                $"the argument '{DurationArgument}' of player.ban must be whole minutes, or a number ending in m, h or d (e.g. 90, 12h, 7d)");
        }

        var minutes = long.Parse(number, NumberStyles.None, CultureInfo.InvariantCulture) * perUnit;
        if (minutes is < 1 or > MaxBanMinutes)
        {
            throw new GameAdapterException(
                $"a Teeworlds ban lasts from 1 to {MaxBanMinutes} minutes (31 days); omit '{DurationArgument}' for a permanent ban");
        }

        return (int)minutes;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var slot in _slots.Values)
        {
            if (slot.Connection is { } connection)
            {
                await connection.DisposeAsync();
            }
        }

        _slots.Clear();
    }

    private async Task<T> RunAsync<T>(
        GameServerConfig server,
        Func<TeeworldsEconConnection, CancellationToken, Task<T>> work,
        CancellationToken cancellationToken,
        bool probe = false)
    {
        // A server id is [a-z0-9_-]: the probe's key cannot be another server's.
        var slot = _slots.GetOrAdd(probe ? server.Id + " probe" : server.Id, _ => new ServerSlot());

        // One exchange per server at a time, login included: the next job waits (until its own deadline).
        await slot.Gate.WaitAsync(cancellationToken);
        try
        {
            if (slot.Connection is { IsOpen: false } closed)
            {
                await closed.DisposeAsync();
                slot.Connection = null;
            }

            slot.Connection ??= await TeeworldsEconConnection.OpenAsync(
                server.Id, probe ? NullConsoleLineSink.Instance : _sink, server.Address, server.Password, _options, _timeProvider, _loggerFactory.CreateLogger<TeeworldsEconConnection>(), cancellationToken);
            try
            {
                return await work(slot.Connection, cancellationToken);
            }
            catch (Exception exception) when (exception is not GameAdapterException)
            {
                // Mid-answer, the connection's state is unknown (the rest of this answer may still come): start afresh.
                LogConnectionReset(server.Id, exception);
                await slot.Connection.DisposeAsync();
                slot.Connection = null;
                throw;
            }
        }
        catch (TeeworldsEconAuthenticationException exception)
        {
            LogFailed(server.Id, exception);
            throw new GameAdapterException($"game server '{server.Id}' refused the econ password configured on this host", exception);
        }
        catch (TimeoutException exception)
        {
            LogFailed(server.Id, exception);
            throw new GameAdapterException($"game server '{server.Id}' did not complete the econ login in time", exception);
        }
        catch (SocketException exception)
        {
            LogFailed(server.Id, exception);
            throw new GameAdapterException($"could not connect to the econ of game server '{server.Id}' ({exception.SocketErrorCode})", exception);
        }
        catch (IOException exception)
        {
            LogFailed(server.Id, exception);
            throw new GameAdapterException($"the econ connection to game server '{server.Id}' was lost; the next job connects again", exception);
        }
        catch (InvalidDataException exception)
        {
            LogFailed(server.Id, exception);
            throw new GameAdapterException(
                $"game server '{server.Id}' sent more econ output than the agent accepts in one answer or line; the connection was reset", exception);
        }
        finally
        {
            slot.Gate.Release();
        }
    }

    /// <summary>The client id for <paramref name="player"/>: the id itself, or the id of the one player with exactly that name.</summary>
    private static async Task<string> ResolvePlayerAsync(
        GameServerConfig server, TeeworldsEconConnection connection, string player, CancellationToken cancellationToken)
    {
        if (player.Length <= 3 && player.All(char.IsAsciiDigit))
        {
            return int.Parse(player, NumberStyles.None, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
        }

        var status = string.Join('\n', await connection.ExecuteAsync("status", cancellationToken));
        if (!TeeworldsStatusParser.TryParse(status, out var players, out var error))
        {
            throw new GameAdapterException($"game server '{server.Id}' answered status with a line the agent cannot read: {error}");
        }

        var matches = players.Players.Where(candidate => candidate.Name == player).ToList();
        return matches.Count switch
        {
            1 => matches[0].Id!,
            0 => throw new GameAdapterException($"game server '{server.Id}' has no player named '{player}'"),
            _ => throw new GameAdapterException($"{matches.Count} players on game server '{server.Id}' are named '{player}'; use the id from players.list"),
        };
    }

    private static string OptionalReason(string action, IReadOnlyDictionary<string, string> arguments) =>
        ConsoleArguments.Optional(action, ReasonArgument, arguments) is { } reason ? " " + Quote(reason) : string.Empty;

    // The job's error or the probe's state says what happened; an unreachable or hung server is expected, so no stack trace.
    private void LogFailed(string serverId, Exception exception)
    {
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            LogFailed(serverId, exception.Message);
        }
    }

    private void LogConnectionReset(string serverId, Exception exception)
    {
        if (_logger.IsEnabled(LogLevel.Information))
        {
            LogConnectionReset(serverId, exception.Message);
        }
    }

    [LoggerMessage(EventId = 220, Level = LogLevel.Debug, Message = "A Teeworlds econ command for game server {ServerId} failed: {Reason}")]
    private partial void LogFailed(string serverId, string reason);

    [LoggerMessage(EventId = 221, Level = LogLevel.Information,
        Message = "Closed the econ connection to game server {ServerId} after an unfinished exchange ({Reason}); the next job logs in again")]
    private partial void LogConnectionReset(string serverId, string reason);

    private sealed class ServerSlot
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public TeeworldsEconConnection? Connection { get; set; }
    }
}

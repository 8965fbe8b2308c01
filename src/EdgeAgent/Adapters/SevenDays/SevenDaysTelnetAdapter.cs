using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using GameOps.AgentProtocol;
using GameOps.EdgeAgent.Adapters.Results;
using GameOps.EdgeAgent.Configuration;
using GameOps.EdgeAgent.Console;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GameOps.EdgeAgent.Adapters.SevenDays;

/// <summary>
/// Runs typed actions on 7 Days to Die dedicated servers through their telnet console (<c>TelnetEnabled</c> in
/// <c>serverconfig.xml</c>, port 8081 by default). Keeps one logged-in session per server for jobs, one command at a
/// time, which also hands the game's log lines to the <see cref="IConsoleLineSink"/> while it is open; and, as every
/// adapter does (ADR 6), a second session for the health probe, which drops them, since the game sends its log to
/// every session and each line must reach the sink once. A session that failed is replaced on its next use.
/// </summary>
public sealed partial class SevenDaysTelnetAdapter : IGameAdapter, IAsyncDisposable
{
    public const string KindName = "7dtd-telnet";

    /// <summary>The argument of <see cref="GameActions.ConsoleRaw"/>: one console command line.</summary>
    public const string CommandArgument = "command";

    /// <summary>The argument of <see cref="GameActions.ChatSay"/>: the text to broadcast.</summary>
    public const string MessageArgument = GameActionArguments.Message;

    /// <summary>The player to kick or ban: a name, an entity id (<c>171</c>) or a platform id (<c>Steam_7656…</c>).</summary>
    public const string PlayerArgument = GameActionArguments.Player;

    /// <summary>Optional: the reason shown to a kicked or banned player.</summary>
    public const string ReasonArgument = GameActionArguments.Reason;

    /// <summary>Optional: how long a ban lasts, a number and a unit (<c>30 minutes</c>, <c>7 days</c>); <see cref="DefaultBanDuration"/> when left out.</summary>
    public const string DurationArgument = GameActionArguments.Duration;

    /// <summary>The duration of a ban that names none: 7 Days to Die has no permanent ban.</summary>
    public const string DefaultBanDuration = "10 year";

    /// <summary>The longest command line sent, in UTF-8 bytes.</summary>
    public const int MaxCommandBytes = 4096;

    /// <summary>What the health probe sends: <c>gt</c> reads one value and changes nothing.</summary>
    public const string ProbeCommand = "gt";

    private static readonly string[] DurationUnits = ["minute", "hour", "day", "week", "month", "year"];

    private readonly ConcurrentDictionary<string, ServerState> _servers = new(StringComparer.Ordinal);
    private readonly ILogger _logger;
    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeProvider _timeProvider;
    private readonly IConsoleLineSink _sink;
    private readonly SevenDaysTelnetOptions _options;

    public SevenDaysTelnetAdapter(ILoggerFactory loggerFactory, TimeProvider timeProvider, IConsoleLineSink sink, IOptions<SevenDaysTelnetOptions> options)
        : this(loggerFactory, timeProvider, sink, options.Value)
    {
    }

    internal SevenDaysTelnetAdapter(ILoggerFactory loggerFactory, TimeProvider timeProvider, IConsoleLineSink sink, SevenDaysTelnetOptions options)
    {
        _logger = loggerFactory.CreateLogger<SevenDaysTelnetAdapter>();
        _loggerFactory = loggerFactory;
        _timeProvider = timeProvider;
        _sink = sink;
        _options = options;
    }

    public static IReadOnlyList<string> Actions { get; } =
    [
        GameActions.ConsoleRaw, GameActions.ChatSay, GameActions.PlayersList, GameActions.PlayerKick, GameActions.PlayerBan,
        GameActions.ServerTime, GameActions.ServerVersion, GameActions.ServerStats, GameActions.ServerShutdown, GameActions.WorldSave,
    ];

    public string Kind => KindName;

    public IReadOnlyList<string> SupportedActions => Actions;

    public async Task<GameResult> ExecuteAsync(
        GameServerConfig server,
        string action,
        IReadOnlyDictionary<string, string> arguments,
        CancellationToken cancellationToken)
    {
        var command = ToCommand(action, arguments);
        var state = StateOf(server);
        var answer = await RunAsync(server, state, state.Jobs, command, cancellationToken);
        if (Refusal(answer) is { } refusal)
        {
            throw new GameAdapterException($"game server '{server.Id}' refused {action}: {refusal}");
        }

        return ToResult(server.Id, action, answer);
    }

    /// <summary>
    /// The first output line of <paramref name="answer"/> in which the console says a command did not do what it was
    /// asked, or null. From the game's console: <c>"x" is not a valid entity id, player name or user id.</c> (and the
    /// other <c>"x" is not a valid …</c> lines), <c>"x" matches multiple player names.</c>, <c>Wrong number of
    /// arguments, expected …</c>, and every <c>*** ERROR: …</c> (unknown command, a command that threw, an unclosed
    /// quote, a command that needs a running game). Log lines never count: a player can write anything in chat.
    /// </summary>
    public static string? Refusal(string answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        foreach (var range in answer.AsSpan().Split('\n'))
        {
            var line = answer.AsSpan(range).Trim();
            if (SevenDaysConsoleText.IsLogLine(line))
            {
                continue;
            }

            if (line.StartsWith("*** ERROR: ", StringComparison.Ordinal)
                || line.StartsWith("Wrong number of arguments, expected ", StringComparison.Ordinal)
                || (line.StartsWith('"') && (line.Contains("\" is not a valid ", StringComparison.Ordinal)
                    || line.EndsWith("\" matches multiple player names.", StringComparison.Ordinal))))
            {
                return line.ToString();
            }
        }

        return null;
    }

    public Task ProbeAsync(GameServerConfig server, CancellationToken cancellationToken)
    {
        var state = StateOf(server);
        return RunAsync(server, state, state.Probes, ProbeCommand, cancellationToken);
    }

    /// <summary>
    /// The console command for <paramref name="action"/>. The console runs one command per line and splits it into
    /// parameters at spaces and tabs outside double quotes, reading <c>""</c> inside quotes as one quote. Arguments are
    /// data: each must be one line of printable text, and text the command takes as a parameter is always quoted with
    /// its quotes doubled; so no argument can add a parameter or a second command.
    /// </summary>
    /// <exception cref="GameAdapterException">The action is unknown or an argument is missing or unsafe.</exception>
    public static string ToCommand(string action, IReadOnlyDictionary<string, string> arguments)
    {
        var command = action switch
        {
            GameActions.ConsoleRaw => ConsoleArguments.Require(action, CommandArgument, arguments).Trim(),
            GameActions.ChatSay => "say " + Quote(ConsoleArguments.Require(action, MessageArgument, arguments)),
            GameActions.PlayersList => "lp",
            GameActions.PlayerKick => "kick " + Quote(ConsoleArguments.Require(action, PlayerArgument, arguments)) + OptionalReason(action, arguments),
            GameActions.PlayerBan => "ban add " + Quote(ConsoleArguments.Require(action, PlayerArgument, arguments)) + " " + BanDuration(action, arguments)
                + OptionalReason(action, arguments),
            GameActions.ServerTime => "gt",
            GameActions.ServerVersion => "version",
            GameActions.ServerStats => "mem",
            GameActions.WorldSave => "saveworld",
            GameActions.ServerShutdown => "shutdown",
            _ => throw new GameAdapterException($"action '{action}' is not supported by the {KindName} adapter"),
        };

        var bytes = Encoding.UTF8.GetByteCount(command);
        if (bytes > MaxCommandBytes)
        {
            throw new GameAdapterException($"the {action} command is {bytes} bytes; the {KindName} adapter sends at most {MaxCommandBytes}");
        }

        return command;
    }

    /// <summary>Wraps <paramref name="text"/> in quotes, doubling each quote inside it.</summary>
    public static string Quote(string text) => "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public async ValueTask DisposeAsync()
    {
        foreach (var state in _servers.Values)
        {
            foreach (var session in new[] { state.Jobs, state.Probes })
            {
                if (session.Connection is { } connection)
                {
                    await connection.DisposeAsync();
                }
            }
        }

        _servers.Clear();
    }

    private ServerState StateOf(GameServerConfig server) =>
        _servers.GetOrAdd(server.Id, static _ => new ServerState(new ConsoleSession(publishes: true), new ConsoleSession(publishes: false)));

    private async Task<string> RunAsync(
        GameServerConfig server, ServerState state, ConsoleSession session, string command, CancellationToken cancellationToken)
    {
        if (server.Password.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new GameAdapterException($"the telnet password configured for game server '{server.Id}' must be one line");
        }

        // One command per session at a time, login included: the next job waits (until its own deadline).
        await session.Gate.WaitAsync(cancellationToken);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var connection = session.Connection is { IsOpen: true } open ? open : null;
                var reused = connection is not null;
                connection ??= await OpenAsync(server, state, session, cancellationToken);
                try
                {
                    return await connection.ExecuteAsync(
                        command, SevenDaysAnswerEnd.LastLineOf(command), SevenDaysAnswerEnd.AnswerLogLineOf(command), cancellationToken);
                }
                catch (SevenDaysConnectionLostException exception) when (reused && !exception.CommandEchoed && attempt == 1)
                {
                    // A pooled session the game had already dropped (a restart): the command was not announced, so it
                    // is sent once more on a fresh session.
                    LogStaleSession(server.Id);
                }
            }
        }
        catch (SevenDaysLoginException exception)
        {
            throw new GameAdapterException($"game server '{server.Id}' refused the telnet password configured on this host", exception);
        }
        catch (TimeoutException exception)
        {
            throw new GameAdapterException($"game server '{server.Id}' did not answer in time; the telnet session was reset", exception);
        }
        catch (SocketException exception)
        {
            throw new GameAdapterException($"could not connect to the telnet console of game server '{server.Id}' ({exception.SocketErrorCode})", exception);
        }
        catch (InvalidDataException exception)
        {
            throw new GameAdapterException(
                $"game server '{server.Id}' sent an answer larger than {_options.MaxAnswerBytes} bytes; the telnet session was reset", exception);
        }
        catch (SevenDaysConnectionLostException exception)
        {
            throw new GameAdapterException(
                exception.CommandEchoed
                    ? $"the telnet connection to game server '{server.Id}' was lost after the game started the command; it may have run"
                    : $"the telnet connection to game server '{server.Id}' was lost",
                exception);
        }
        catch (IOException exception)
        {
            throw new GameAdapterException($"the telnet connection to game server '{server.Id}' was lost", exception);
        }
        finally
        {
            session.Gate.Release();
        }
    }

    private async Task<SevenDaysTelnetConnection> OpenAsync(
        GameServerConfig server, ServerState state, ConsoleSession session, CancellationToken cancellationToken)
    {
        session.Connection = null;
        if (state.PasswordRefusedAt is { } refusedAt && _timeProvider.GetUtcNow() - refusedAt < _options.PasswordRetryDelay)
        {
            throw new GameAdapterException(
                $"game server '{server.Id}' refused the telnet password configured on this host less than " +
                $"{_options.PasswordRetryDelay.TotalSeconds:0} s ago; not tried again yet, so the game does not block this host");
        }

        try
        {
            session.Connection = await SevenDaysTelnetConnection.OpenAsync(
                server.Id, server.Address.Host, server.Address.Port, server.Password, _options,
                session.Publishes ? _sink : NullConsoleLineSink.Instance,
                _loggerFactory.CreateLogger<SevenDaysTelnetConnection>(), _timeProvider, cancellationToken);
            state.PasswordRefusedAt = null;
            return session.Connection;
        }
        catch (SevenDaysLoginException)
        {
            state.PasswordRefusedAt = _timeProvider.GetUtcNow();
            LogPasswordRefused(server.Id);
            throw;
        }
    }

    private static GameResult ToResult(string serverId, string action, string answer)
    {
        switch (action)
        {
            case GameActions.PlayersList:
                return SevenDaysParsers.TryParsePlayers(answer, out var players, out var playersError)
                    ? new GameResult(answer, GameResultJson.Serialize(players))
                    : throw Unreadable(serverId, "lp", playersError);
            case GameActions.ServerTime:
                return SevenDaysParsers.TryParseGameTime(answer, out var time, out var timeError)
                    ? new GameResult(answer, GameResultJson.Serialize(time))
                    : throw Unreadable(serverId, "gt", timeError);
            case GameActions.ServerVersion:
                return SevenDaysParsers.TryParseVersion(answer, out var version, out var versionError)
                    ? new GameResult(answer, GameResultJson.Serialize(version))
                    : throw Unreadable(serverId, "version", versionError);
            case GameActions.ServerStats:
                return SevenDaysParsers.TryParseStats(answer, out var stats, out var statsError)
                    ? new GameResult(answer, GameResultJson.Serialize(stats))
                    : throw Unreadable(serverId, "mem", statsError);
            default:
                return new GameResult(answer);
        }
    }

    private static GameAdapterException Unreadable(string serverId, string command, SevenDaysParseError error) =>
        new($"game server '{serverId}' answered '{command}' in a form the agent cannot read ({error})");

    private static string OptionalReason(string action, IReadOnlyDictionary<string, string> arguments) =>
        ConsoleArguments.Optional(action, ReasonArgument, arguments) is { } reason ? " " + Quote(reason) : string.Empty;

    /// <summary>
    /// <c>&lt;number&gt; &lt;unit&gt;</c> as <c>ban add</c> takes it; the unit is written in the singular, as the
    /// command's own help and the community's references write it (<c>ban add 171 5 year</c>).
    /// </summary>
    private static string BanDuration(string action, IReadOnlyDictionary<string, string> arguments)
    {
        if (!arguments.TryGetValue(DurationArgument, out var duration) || string.IsNullOrWhiteSpace(duration))
        {
            return DefaultBanDuration;
        }

        var text = duration.AsSpan().Trim();
        var digits = 0;
        while (digits < text.Length && char.IsAsciiDigit(text[digits]))
        {
            digits++;
        }

        var unitText = text[digits..].Trim();
        if (unitText.Length > 1 && unitText[^1] is 's' or 'S')
        {
            unitText = unitText[..^1];
        }

        string? unit = null;
        foreach (var candidate in DurationUnits)
        {
            if (unitText.Equals(candidate, StringComparison.OrdinalIgnoreCase))
            {
                unit = candidate;
            }
        }
        if (digits is 0 or > 6 || unit is null
            || !int.TryParse(text[..digits], NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount == 0)
        {
            throw new GameAdapterException(
                $"the argument '{DurationArgument}' of {action} must be a number from 1 to 999999 and a unit " +
                "(minutes, hours, days, weeks, months or years), e.g. '7 days'");
        }

        return $"{amount.ToString(CultureInfo.InvariantCulture)} {unit}";
    }

    [LoggerMessage(EventId = 75, Level = LogLevel.Warning, Message = "Game server {ServerId} refused the telnet password configured on this host")]
    private partial void LogPasswordRefused(string serverId);

    [LoggerMessage(EventId = 76, Level = LogLevel.Information,
        Message = "The pooled telnet session of game server {ServerId} had been dropped by the game; sending the command on a new session")]
    private partial void LogStaleSession(string serverId);

    /// <summary>A server's two sessions, and when it last refused the password (read by both).</summary>
    private sealed class ServerState(ConsoleSession jobs, ConsoleSession probes)
    {
        private readonly Lock _lock = new();
        private DateTimeOffset? _passwordRefusedAt;

        public ConsoleSession Jobs { get; } = jobs;

        public ConsoleSession Probes { get; } = probes;

        public DateTimeOffset? PasswordRefusedAt
        {
            get
            {
                lock (_lock)
                {
                    return _passwordRefusedAt;
                }
            }

            set
            {
                lock (_lock)
                {
                    _passwordRefusedAt = value;
                }
            }
        }
    }

    /// <summary>One pooled telnet session and the gate that keeps one command on it at a time.</summary>
    private sealed class ConsoleSession(bool publishes)
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        /// <summary>Whether its console lines go to the sink (the jobs' session) or are dropped (the probe's).</summary>
        public bool Publishes { get; } = publishes;

        public SevenDaysTelnetConnection? Connection { get; set; }
    }
}

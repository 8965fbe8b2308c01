using System.Collections.Concurrent;
using System.Net.Sockets;
using GameOps.AgentProtocol;
using GameOps.EdgeAgent.Adapters.Results;
using GameOps.EdgeAgent.Adapters.SourceRcon.Profiles;
using GameOps.EdgeAgent.Configuration;
using Microsoft.Extensions.Logging;

namespace GameOps.EdgeAgent.Adapters.SourceRcon;

/// <summary>
/// Runs typed actions on the servers of one game that speaks Source RCON, as its <see cref="RconProfile"/> says
/// (Source engine games, Minecraft, Palworld, ARK, Factorio). Keeps one <see cref="SourceRconClient"/> per server for
/// jobs and another for the health probe, reconnecting either whenever an exchange broke its connection (a hung game
/// fails its job at the deadline, which closes the connection; the next job dials afresh). The probe has its own
/// connection so that it judges the game, not the queue of jobs: a long save does not make it wait, and a probe that
/// times out resets only its own connection.
/// </summary>
public sealed partial class SourceRconAdapter : IGameAdapter, IAsyncDisposable
{
    /// <summary>The kind of Source engine servers; see <see cref="RconProfiles"/> for the others.</summary>
    public const string KindName = SourceProfile.KindName;

    /// <summary>The argument of <see cref="GameActions.ConsoleRaw"/>: one console command line.</summary>
    public const string CommandArgument = "command";

    /// <summary>The argument of <see cref="GameActions.ChatSay"/>: the text to broadcast.</summary>
    public const string MessageArgument = GameActionArguments.Message;

    // The job's deadline is the real limit (the runner cancels at it); this only stops a command without one
    // from holding the connection for ever.
    private static readonly SourceRconClientOptions DefaultClientOptions = new() { CommandTimeout = TimeSpan.FromMinutes(5) };

    private readonly ConcurrentDictionary<string, ServerConnection> _jobConnections = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ServerConnection> _probeConnections = new(StringComparer.Ordinal);
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly SourceRconClientOptions _clientOptions;

    /// <summary>An adapter for Source engine servers (<see cref="KindName"/>).</summary>
    public SourceRconAdapter(ILoggerFactory loggerFactory, TimeProvider timeProvider)
        : this(RconProfiles.Source, loggerFactory, timeProvider)
    {
    }

    /// <summary>An adapter for the game of <paramref name="profile"/>.</summary>
    public SourceRconAdapter(RconProfile profile, ILoggerFactory loggerFactory, TimeProvider timeProvider)
        : this(profile, loggerFactory, timeProvider, DefaultClientOptions)
    {
    }

    internal SourceRconAdapter(RconProfile profile, ILoggerFactory loggerFactory, TimeProvider timeProvider, SourceRconClientOptions clientOptions)
    {
        ArgumentNullException.ThrowIfNull(profile);
        Profile = profile;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<SourceRconAdapter>();
        _timeProvider = timeProvider;
        _clientOptions = profile.Configure(clientOptions);
    }

    /// <summary>The actions of Source engine servers (<see cref="KindName"/>).</summary>
    public static IReadOnlyList<string> Actions => RconProfiles.Source.Actions;

    /// <summary>The game this adapter serves.</summary>
    public RconProfile Profile { get; }

    public string Kind => Profile.Kind;

    public IReadOnlyList<string> SupportedActions => Profile.Actions;

    public async Task<GameResult> ExecuteAsync(
        GameServerConfig server,
        string action,
        IReadOnlyDictionary<string, string> arguments,
        CancellationToken cancellationToken)
    {
        var command = Profile.ToCommand(action, arguments);
        var answer = Profile.NormalizeAnswer(
            await RunAsync(_jobConnections, server, (client, token) => client.ExecuteAsync(command.Text, token), cancellationToken));
        if (Profile.Refusal(answer) is { } refusal)
        {
            throw new GameAdapterException($"game server '{server.Id}' refused {action}: {refusal}");
        }

        string? data = null;
        if (action == GameActions.PlayersList)
        {
            try
            {
                data = GameResultJson.Serialize(Profile.ParsePlayers(answer));
            }
            catch (RconAnswerFormatException exception)
            {
                // A typed read that yields no data has failed, whatever the command printed.
                throw new GameAdapterException($"game server '{server.Id}' answered {action}, but {exception.Message}", exception);
            }
        }

        return new GameResult(command.Note is null ? answer : AppendNote(answer, command.Note), data);
    }

    /// <summary>
    /// The profile's <see cref="RconProfile.ProbeCommand"/>, or the bare round trip of <see cref="SourceRconClient.PingAsync"/>,
    /// on the server's probe connection. A cancellation before the TCP connection was even accepted means the game is
    /// not there (a <see cref="GameAdapterException"/>); after it, that the game is there but not answering.
    /// </summary>
    public async Task ProbeAsync(GameServerConfig server, CancellationToken cancellationToken)
    {
        var probe = Profile.ProbeCommand;
        await RunAsync(
            _probeConnections,
            server,
            async (client, token) =>
            {
                if (probe is null)
                {
                    await client.PingAsync(token);
                    return string.Empty;
                }

                return await client.ExecuteAsync(probe, token);
            },
            cancellationToken,
            isProbe: true);
    }

    /// <summary>The console command for <paramref name="action"/> on a Source engine server (see <see cref="RconProfile.ToCommand"/>).</summary>
    /// <exception cref="GameAdapterException">The action is unknown or an argument is missing or unsafe.</exception>
    public static string ToCommand(string action, IReadOnlyDictionary<string, string> arguments) =>
        RconProfiles.Source.ToCommand(action, arguments).Text;

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _jobConnections.Values.Concat(_probeConnections.Values))
        {
            await connection.Client.DisposeAsync();
        }

        _jobConnections.Clear();
        _probeConnections.Clear();
    }

    private static string AppendNote(string answer, string note) =>
        answer.Length == 0 ? note : answer.EndsWith('\n') ? answer + note : answer + "\n" + note;

    private async Task<string> RunAsync(
        ConcurrentDictionary<string, ServerConnection> connections,
        GameServerConfig server,
        Func<SourceRconClient, CancellationToken, Task<string>> exchangeAsync,
        CancellationToken cancellationToken,
        bool isProbe = false)
    {
        var connection = connections.GetOrAdd(
            server.Id,
            _ => new ServerConnection(new SourceRconClient(_clientOptions, _loggerFactory.CreateLogger<SourceRconClient>(), _timeProvider)));

        // One exchange per connection at a time, connect included: the next job waits (until its own deadline).
        await connection.Gate.WaitAsync(cancellationToken);
        try
        {
            if (!connection.Client.IsConnected)
            {
                await connection.Client.ConnectAsync(server.Address.Host, server.Address.Port, server.Password, cancellationToken);
            }

            try
            {
                return await exchangeAsync(connection.Client, cancellationToken);
            }
            catch (RconConnectionClosedException exception)
            {
                // The game had closed the pooled connection (it restarted) before the command went out, so no server
                // can have read it: it goes once more, on a new connection. Never after it may have been read.
                LogReconnecting(server.Id, exception.Message);
                await connection.Client.ConnectAsync(server.Address.Host, server.Address.Port, server.Password, cancellationToken);
                return await exchangeAsync(connection.Client, cancellationToken);
            }
        }
        catch (OperationCanceledException exception)
            when (isProbe && cancellationToken.IsCancellationRequested && !connection.Client.IsConnected && !connection.Client.LastConnectOpened)
        {
            LogFailed(server.Id, exception.Message);
            throw new GameAdapterException($"could not connect to game server '{server.Id}' (no answer to the TCP connection)", exception);
        }
        catch (RconAuthenticationException exception)
        {
            LogFailed(server.Id, exception.Message);
            throw new GameAdapterException($"game server '{server.Id}' refused the RCON password configured on this host", exception);
        }
        catch (RconProtocolException exception)
        {
            LogFailed(server.Id, exception.Message);
            throw new GameAdapterException(
                $"game server '{server.Id}' broke the Source RCON protocol ({exception.Message}); the connection was reset", exception);
        }
        catch (TimeoutException exception)
        {
            LogFailed(server.Id, exception.Message);
            throw new GameAdapterException($"game server '{server.Id}' did not answer in time; the connection was reset", exception);
        }
        catch (SocketException exception)
        {
            LogFailed(server.Id, exception.Message);
            throw new GameAdapterException($"could not connect to game server '{server.Id}' ({exception.SocketErrorCode})", exception);
        }
        catch (RconConnectionClosedException exception)
        {
            LogFailed(server.Id, exception.Message);
            throw new GameAdapterException(
                $"game server '{server.Id}' closed a new connection too before the command could be sent; it was not run", exception);
        }
        catch (IOException exception)
        {
            LogFailed(server.Id, exception.Message);
            throw new GameAdapterException(
                $"the connection to game server '{server.Id}' was lost before the answer was complete; the game may or may not have run the command",
                exception);
        }
        finally
        {
            connection.Gate.Release();
        }
    }

    [LoggerMessage(EventId = 22, Level = LogLevel.Information,
        Message = "Game server {ServerId}: {Reason}; sending the command once more on a new connection")]
    private partial void LogReconnecting(string serverId, string reason);

    // Debug and without the stack: the failure is the job's result or the probe's health, and the health monitor logs a
    // server that stays down once a minute; a stack trace per failed probe was thousands of lines for a few bad servers.
    [LoggerMessage(EventId = 20, Level = LogLevel.Debug, Message = "A Source RCON command for game server {ServerId} failed: {Reason}")]
    private partial void LogFailed(string serverId, string reason);

    private sealed class ServerConnection(SourceRconClient client)
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public SourceRconClient Client { get; } = client;
    }
}

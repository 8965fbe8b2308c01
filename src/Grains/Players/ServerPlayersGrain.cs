using System.Collections.Immutable;
using GameOps.AgentProtocol;
using GameOps.Grains.Events;
using GameOps.Grains.Jobs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GameOps.Grains.Players;

/// <summary>
/// Who is online on one game server, apart from its <see cref="GameServers.GameServerGrain"/> (docs/adr/0023): join and
/// leave lines open and close sessions, a <c>players.list</c> probe every <see cref="PlayersOptions.ProbeInterval"/>
/// (a reminder) and after each agent Hello reconciles them. Each opened or closed session is written to the session
/// history with the state (<see cref="IPlayerSessionsState"/>).
/// </summary>
public sealed partial class ServerPlayersGrain(
    [PersistentState("players", StorageNames.GameOps)] IPersistentState<ServerPlayersState> state,
    IOptions<PlayersOptions> options,
    ILogger<ServerPlayersGrain> logger)
    : Grain, IServerPlayersGrain, IRemindable
{
    /// <summary>The actor of probe jobs: the control plane itself. Its read-only jobs are not audited (docs/adr/0023).</summary>
    public static readonly Actor ProbeActor = new(ActorKind.System, "players-probe");

    private const string ProbeReminder = "players-probe";

    // Who left by a line, and when, since the last probe began: a probe that began before the leave still lists them,
    // and must not open them again.
    private readonly Dictionary<string, DateTimeOffset> _leftSinceProbe = new(StringComparer.Ordinal);
    private Guid? _probeJobId;
    private IGrainTimer? _probeResultTimer;
    private IGrainTimer? _connectProbeTimer;

    private string HostId => this.GetPrimaryKeyString()[..this.GetPrimaryKeyString().IndexOf('/', StringComparison.Ordinal)];

    private string ServerId => this.GetPrimaryKeyString()[(this.GetPrimaryKeyString().IndexOf('/', StringComparison.Ordinal) + 1)..];

    public async Task ApplyAsync(string orgId, string kind, ImmutableArray<GameEvent> events)
    {
        state.State.OrgId = orgId;
        state.State.Kind = kind;
        var parser = GameLogParsers.For(kind);
        var announced = new List<OrgEvent>(events.Length);
        foreach (var e in events)
        {
            switch (e.Kind)
            {
                case GameEventKind.Joined:
                    if (state.State.Online.TryGetValue(e.PlayerName, out var online))
                    {
                        // Joined again under a new id: the leave of the old session was missed, and it ended by now.
                        if (online.PlayerId is null || e.PlayerId is null || online.PlayerId == e.PlayerId)
                        {
                            break;
                        }

                        announced.Add(Close(online, e.At, reconciled: true));
                    }

                    announced.Add(Open(e.PlayerName, e.PlayerId, e.At, reconciled: false));
                    break;
                case GameEventKind.Left when Find(e.PlayerName, e.PlayerId) is { } player:
                    _leftSinceProbe[player.Name] = e.At;
                    announced.Add(Close(player, e.At, reconciled: false));
                    break;
                case GameEventKind.Chat:
                    var chat = parser is not null && e.PlayerId is { } id && FindById(id) is { } speaker ? parser.WithKnownName(e, speaker.Name) : e;
                    announced.Add(PlayerChatted.Of(orgId, HostId, ServerId, chat));
                    break;
                case GameEventKind.Died:
                    announced.Add(new PlayerDied(orgId, e.At, null, null, HostId, ServerId, e.PlayerName));
                    break;
            }
        }

        await WriteAndPublishAsync(announced);
    }

    public Task<ImmutableArray<OnlinePlayer>> GetOnlineAsync() =>
        Task.FromResult(state.State.Online.Values.OrderBy(p => p.Since).ThenBy(p => p.Name, StringComparer.Ordinal).ToImmutableArray());

    public async Task AgentConnectedAsync(string orgId, string kind, bool canListPlayers)
    {
        var s = state.State;
        if (s.OrgId != orgId || s.Kind != kind || s.CanListPlayers != canListPlayers || !state.RecordExists)
        {
            var stoppedListing = s.CanListPlayers && !canListPlayers;
            (s.OrgId, s.Kind, s.CanListPlayers) = (orgId, kind, canListPlayers);
            await WriteAndPublishAsync([], always: true);
            if (stoppedListing && await this.GetReminder(ProbeReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
        }

        if (canListPlayers && options.Value.Probe)
        {
            // The first tick at a random point of the interval: the agents that reconnect together after a silo
            // restart would otherwise probe all their servers in the same second, every interval.
            var interval = options.Value.ProbeInterval;
            await this.RegisterOrUpdateReminder(ProbeReminder, interval * (0.5 + Random.Shared.NextDouble()), interval);
            var spread = options.Value.ProbeAfterConnectSpread;
            if (spread <= TimeSpan.Zero)
            {
                await ProbeAsync();
            }
            else
            {
                _connectProbeTimer?.Dispose();
                _connectProbeTimer = this.RegisterGrainTimer(
                    ProbeAfterConnectAsync, new GrainTimerCreationOptions(spread * Random.Shared.NextDouble(), Timeout.InfiniteTimeSpan) { KeepAlive = true });
            }
        }
        else if (s.Online.Count == 0 && _probeJobId is null)
        {
            // Nobody online and no probe to run: nothing here that its stored state does not hold. Kept active, it would
            // cost the silo about 2.5 KiB per server until collected, for every agent that only heartbeats; a join line
            // activates it again.
            this.DeactivateOnIdle();
        }
    }

    private Task ProbeAfterConnectAsync()
    {
        _connectProbeTimer?.Dispose();
        _connectProbeTimer = null;
        return ProbeAsync();
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        reminderName == ProbeReminder && state.State.CanListPlayers && options.Value.Probe ? ProbeAsync() : Task.CompletedTask;

    public async Task ReconcileAsync(ImmutableArray<ListedPlayer> listed, DateTimeOffset probedAt)
    {
        var listedNames = listed.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var announced = new List<OrgEvent>();

        // Only players online before the probe began can be missing from it; a later join is not contradicted by it.
        foreach (var ghost in state.State.Online.Values.Where(p => p.Since < probedAt && !listedNames.Contains(p.Name)).ToList())
        {
            announced.Add(Close(ghost, probedAt, reconciled: true));
        }

        foreach (var player in listed.DistinctBy(p => p.Name, StringComparer.Ordinal))
        {
            var leftAfterProbe = _leftSinceProbe.TryGetValue(player.Name, out var leftAt) && leftAt >= probedAt;
            if (!state.State.Online.ContainsKey(player.Name) && !leftAfterProbe)
            {
                announced.Add(Open(player.Name, player.PlayerId, probedAt, reconciled: true));
            }
        }

        foreach (var name in _leftSinceProbe.Where(left => left.Value < probedAt).Select(left => left.Key).ToList())
        {
            _leftSinceProbe.Remove(name);
        }

        await WriteAndPublishAsync(announced);
    }

    /// <summary>Sends a probe job through the host's queue, unless one is still out or the host's agent is not there to run it.</summary>
    private async Task ProbeAsync()
    {
        if (_probeJobId is not null)
        {
            await ReadProbeAsync();
            if (_probeJobId is not null)
            {
                return;
            }
        }

        var host = GrainFactory.GetHostGrain(HostId);
        try
        {
            if (await host.GetAsync() is not { Status: Hosts.HostStatus.Online })
            {
                return;
            }

            var submission = await host.SubmitJobAsync(new SubmitJob(
                state.State.OrgId, ServerId, GameActions.PlayersList, ImmutableDictionary<string, string>.Empty, options.Value.ProbeTimeout, ProbeActor));
            _probeJobId = submission.Job.Id;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The next reminder tries again; a probe is never worth failing the caller (an agent's Hello).
            LogProbeNotSent(logger, e, HostId, ServerId);
            return;
        }

        var poll = options.Value.ProbeResultPoll;
        _probeResultTimer ??= this.RegisterGrainTimer(ReadProbeAsync, new GrainTimerCreationOptions(poll, poll) { KeepAlive = true });
    }

    /// <summary>Reads the probe job back; once it has finished, reconciles with what it listed and stops looking.</summary>
    private async Task ReadProbeAsync()
    {
        if (_probeJobId is not { } jobId)
        {
            StopReadingProbe();
            return;
        }

        var job = await GrainFactory.GetJobGrain(jobId).GetAsync();
        if (job is { IsFinished: false })
        {
            return;
        }

        _probeJobId = null;
        StopReadingProbe();
        if (job is { State: JobState.Succeeded } && ListedPlayers.TryRead(job.Data, out var listed))
        {
            await ReconcileAsync(listed, job.StartedAt ?? job.DispatchedAt ?? job.CreatedAt);
        }
    }

    private void StopReadingProbe()
    {
        _probeResultTimer?.Dispose();
        _probeResultTimer = null;
    }

    private PlayerJoined Open(string name, string? playerId, DateTimeOffset at, bool reconciled)
    {
        var sessionId = Guid.CreateVersion7(at);
        state.State.Online[name] = new OnlinePlayer(name, playerId, at, sessionId, reconciled);
        ((IPlayerSessionsState)state.State).UnwrittenSessions.Add(
            new PlayerSession(sessionId, state.State.OrgId, HostId, ServerId, name, playerId, at, StartReconciled: reconciled));
        return new PlayerJoined(state.State.OrgId, at, null, null, HostId, ServerId, name, playerId, sessionId, reconciled);
    }

    private PlayerLeft Close(OnlinePlayer player, DateTimeOffset at, bool reconciled)
    {
        // A line read late (a resent batch) must not end a session before it began.
        var end = at < player.Since ? player.Since : at;
        state.State.Online.Remove(player.Name);

        // The session's row is written whole: the one opened in this same write is replaced by its closed form.
        var sessions = ((IPlayerSessionsState)state.State).UnwrittenSessions;
        sessions.RemoveAll(s => s.SessionId == player.SessionId);
        sessions.Add(new PlayerSession(
            player.SessionId, state.State.OrgId, HostId, ServerId, player.Name, player.PlayerId, player.Since, end, player.Reconciled, reconciled));
        return new PlayerLeft(state.State.OrgId, end, null, null, HostId, ServerId, player.Name, player.PlayerId, player.SessionId, player.Since, reconciled);
    }

    private OnlinePlayer? Find(string name, string? playerId) =>
        state.State.Online.TryGetValue(name, out var player) ? player : playerId is null ? null : FindById(playerId);

    private OnlinePlayer? FindById(string playerId) => state.State.Online.Values.FirstOrDefault(p => p.PlayerId == playerId);

    /// <summary>
    /// Writes the state when sessions were opened or closed (or <paramref name="always"/>), with those sessions, then
    /// tells the org in one stream message (docs/adr/0016): a stored batch's joins and chats, or a probe's repairs, cost
    /// one call to the stream's queue, not one per event. A failed write drops the activation and reads the stored
    /// state again, so no one sees a change that was not stored.
    /// </summary>
    private async Task WriteAndPublishAsync(List<OrgEvent> announced, bool always = false)
    {
        var sessions = ((IPlayerSessionsState)state.State).UnwrittenSessions;
        if (sessions.Count > 0 || always)
        {
            try
            {
                await state.WriteStateAsync();
            }
            catch
            {
                this.DeactivateOnIdle();
                sessions.Clear();
                try
                {
                    await state.ReadStateAsync();
                }
                catch (Exception readFailure)
                {
                    LogNotReread(logger, readFailure);
                }

                throw;
            }

            sessions.Clear();
        }

        this.Publish(announced, logger);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The players state was not read again after a failed write; the activation is dropped")]
    private static partial void LogNotReread(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The players probe of server {ServerId} of host {HostId} was not sent; the next one tries again")]
    private static partial void LogProbeNotSent(ILogger logger, Exception exception, string hostId, string serverId);
}

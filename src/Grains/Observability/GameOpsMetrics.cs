using System.Diagnostics.Metrics;
using GameOps.Grains.Alerts;
using GameOps.Grains.Jobs;

namespace GameOps.Grains.Observability;

/// <summary>
/// GameOps' own instruments, all on the one meter <see cref="MeterName"/>. Recorded where the events happen
/// (the gateway for agents and heartbeats, the job grain for jobs), exported by the silo for Prometheus.
/// Every recording passes its tags as structs, so the hot paths allocate nothing here.
/// </summary>
public sealed class GameOpsMetrics
{
    public const string MeterName = "GameOps";

    // Buckets for latencies of a few milliseconds: a whole job takes about 1-3 ms on loopback, so the
    // default OpenTelemetry buckets (which start at 5 s for seconds) would put everything in the first one.
    private static readonly double[] LatencyBuckets =
        [0.0005, 0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.015, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private static readonly KeyValuePair<string, object?>[] StateTags = Enum.GetValues<JobState>()
        .Select(state => new KeyValuePair<string, object?>("state", StateLabel(state)))
        .ToArray();

    private static readonly KeyValuePair<string, object?>[] FanoutStageTags =
        [new("stage", "received"), new("stage", "first_client"), new("stage", "last_client")];

    private static readonly KeyValuePair<string, object?>[] AlertStatusTags = Enum.GetValues<AlertStatus>()
        .Select(status => new KeyValuePair<string, object?>("state", status.ToString().ToLowerInvariant()))
        .ToArray();

    private readonly Meter _meter;
    private readonly Counter<long> _heartbeats;
    private readonly Histogram<double> _heartbeatLag;
    private readonly Counter<long> _jobTransitions;
    private readonly UpDownCounter<long> _unfinishedJobs;
    private readonly Histogram<double> _jobRoundTrip;
    private readonly Counter<long> _logLines;
    private readonly Counter<long> _logBatches;
    private readonly Counter<long> _consoleAppends;
    private readonly Counter<long> _consoleWrites;
    private readonly Counter<long> _consolePublishes;
    private readonly Counter<long> _consoleAckMessages;
    private readonly Counter<long> _consoleAcksHeld;
    private readonly Counter<long> _storageWrites;
    private readonly Counter<long> _storageBytes;
    private readonly Counter<long> _storageRows;
    private readonly Counter<long> _storageRowBytes;
    private readonly Counter<long> _storageCommits;
    private readonly UpDownCounter<long> _activeAlerts;
    private readonly Counter<long> _alertTransitions;
    private readonly Counter<long> _orgEventDeliveries;
    private readonly Histogram<double> _eventFanoutLag;
    private int _connectedAgentsObserved;

    public GameOpsMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _heartbeats = _meter.CreateCounter<long>(
            "gameops.heartbeats", "{heartbeat}", "Heartbeats received from agents on this silo.");
        _heartbeatLag = _meter.CreateHistogram(
            "gameops.heartbeat.lag", "s", "Time from an agent sending a heartbeat to this silo receiving it (clock skew included).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        _jobTransitions = _meter.CreateCounter<long>(
            "gameops.jobs.transitions", "{job}", "Jobs entering each state, labelled by the state entered.");
        _unfinishedJobs = _meter.CreateUpDownCounter<long>(
            "gameops.jobs.unfinished", "{job}", "Unfinished jobs whose grain is active on this silo.");
        _jobRoundTrip = _meter.CreateHistogram(
            "gameops.job.round_trip", "s", "Time from a job's creation to its final state, labelled by that state.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        _logLines = _meter.CreateCounter<long>(
            "gameops.log_lines", "{line}", "Game server log lines received from agents, labelled by game kind.");
        _logBatches = _meter.CreateCounter<long>(
            "gameops.log_batches", "{batch}", "Batches of game server log lines received from agents, labelled by game kind.");
        _consoleAppends = _meter.CreateCounter<long>(
            "gameops.console.appends", "{call}", "Appends of received log lines by an agent stream to the silo's console writer (batches that wait for one join it).");
        _consoleWrites = _meter.CreateCounter<long>(
            "gameops.console.writes", "{write}", "Durable writes of console lines: one transaction for every host's lines that waited for it.");
        _consolePublishes = _meter.CreateCounter<long>(
            "gameops.console.publishes", "{event}", "Batches of stored console lines published on a server's console stream for its viewers.");
        _consoleAckMessages = _meter.CreateCounter<long>(
            "gameops.console.ack_messages", "{message}", "Messages acknowledging stored console lines written to agent streams (one per write per stream, or one per server to an agent that does not list log-acks; at most one an interval to one that lists log-ack-window).");
        _consoleAcksHeld = _meter.CreateCounter<long>(
            "gameops.console.acks_held", "{acknowledgement}", "Acknowledgements of console lines held back: by pacing while the silo was busy (GameOps:Console:AckInterval), or to acknowledge a log-ack-window agent's stream once an interval (GameOps:Console:WindowAckInterval).");
        _storageWrites = _meter.CreateCounter<long>(
            "gameops.storage.writes", "{write}", "Grain state writes to the embedded SQLite store, labelled by state name.");
        _storageBytes = _meter.CreateCounter<long>(
            "gameops.storage.written", "By", "Bytes of grain state (key and payload) written to the embedded SQLite store, labelled by state name.");
        _storageRows = _meter.CreateCounter<long>(
            "gameops.storage.rows", "{row}", "Rows written beside grain states in their own transaction (job history, audit log, …), each one statement, labelled by table.");
        _storageRowBytes = _meter.CreateCounter<long>(
            "gameops.storage.rows.written", "By", "Bytes of the serialized payloads of the rows written beside grain states, labelled by table.");
        _storageCommits = _meter.CreateCounter<long>(
            "gameops.storage.commits", "{commit}", "Transactions committed by the embedded SQLite store's writer: one for every batch of writes that waited for it (group commit).");
        _activeAlerts = _meter.CreateUpDownCounter<long>(
            "gameops.alerts", "{alert}", "Pending and firing alerts of the orgs whose alert grain is active on this silo, labelled by state.");
        _alertTransitions = _meter.CreateCounter<long>(
            "gameops.alerts.transitions", "{alert}", "Alerts entering each state (pending, firing, resolved), labelled by the state entered.");

        _orgEventDeliveries = _meter.CreateCounter<long>(
            "gameops.org_events.delivered", "{event}",
            "Org events delivered to the org's grains that subscribe to its stream (the alert grain, the org summary), labelled by subscriber and event kind.");
        _eventFanoutLag = _meter.CreateHistogram(
            "gameops.events.fanout.lag", "s",
            "Time from an org event's 'at' to this silo's SSE fan-out receiving it (stage received), and to the first and the last of its clients on the silo having it written (first_client, last_client); audit entry events are not timed (their 'at' is before their write).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });

        // Every alert state's series exists from the start, at zero, so a dashboard or an alert on it sees 0, not nothing.
        foreach (var status in Enum.GetValues<AlertStatus>())
        {
            _alertTransitions.Add(0, AlertStatusTags[(int)status]);
            AlertsActiveChanged(status, 0);
        }
    }

    /// <summary>
    /// Reports <paramref name="count"/> as the number of agents connected to this silo (a gauge read at each
    /// collection). Called once, by the silo's agent connection registry.
    /// </summary>
    public void ObserveConnectedAgents(Func<int> count)
    {
        if (Interlocked.Exchange(ref _connectedAgentsObserved, 1) != 0)
        {
            throw new InvalidOperationException("The connected agents are already observed.");
        }

        _meter.CreateObservableGauge("gameops.agents.connected", count, "{agent}", "Agent streams open on this silo.");
    }

    /// <param name="lag">Receive time minus the heartbeat's own timestamp; null when the agent sent none.</param>
    public void HeartbeatReceived(TimeSpan? lag)
    {
        _heartbeats.Add(1);
        if (lag is { } value)
        {
            // A clock behind the silo's would read as negative lag: record it as none rather than skew the histogram.
            _heartbeatLag.Record(value > TimeSpan.Zero ? value.TotalSeconds : 0);
        }
    }

    /// <summary>A job entered an unfinished state (queued, dispatched, running).</summary>
    public void JobEntered(JobState state) => _jobTransitions.Add(1, StateTag(state));

    /// <summary>A job entered its final state, <paramref name="roundTrip"/> after it was created.</summary>
    public void JobFinished(JobState state, TimeSpan roundTrip)
    {
        var tag = StateTag(state);
        _jobTransitions.Add(1, tag);
        _jobRoundTrip.Record(roundTrip > TimeSpan.Zero ? roundTrip.TotalSeconds : 0, tag);
    }

    /// <summary>An activation now holds an unfinished job (+1), or no longer does (-1).</summary>
    public void UnfinishedJobsChanged(int delta) => _unfinishedJobs.Add(delta);

    private void LogLinesReceived(string gameKind, int count) =>
        _logLines.Add(count, new KeyValuePair<string, object?>("game_kind", gameKind));

    /// <summary>One batch of <paramref name="count"/> log lines arrived from an agent.</summary>
    public void LogBatchReceived(string gameKind, int count)
    {
        var tag = new KeyValuePair<string, object?>("game_kind", gameKind);
        _logLines.Add(count, tag);
        _logBatches.Add(1, tag);
    }

    /// <summary>An agent stream handed received log lines to the silo's console writer in one append.</summary>
    public void ConsoleAppendCalled() => _consoleAppends.Add(1);

    /// <summary>The silo's console writer committed one transaction of lines.</summary>
    public void ConsoleWritten() => _consoleWrites.Add(1);

    /// <summary>Stored console lines were published on a server's console stream.</summary>
    public void ConsolePublished() => _consolePublishes.Add(1);

    /// <summary>Messages acknowledging stored console lines were queued for an agent's stream.</summary>
    public void ConsoleAckMessagesSent(int messages) => _consoleAckMessages.Add(messages);

    /// <summary>A server's console acknowledgement was held back to pace its agent's batches.</summary>
    public void ConsoleAckHeld() => _consoleAcksHeld.Add(1);

    /// <summary>A grain state named <paramref name="stateName"/> of <paramref name="bytes"/> bytes was written.</summary>
    public void StateWritten(string stateName, int bytes)
    {
        var tag = new KeyValuePair<string, object?>("state_name", stateName);
        _storageWrites.Add(1, tag);
        _storageBytes.Add(bytes, tag);
    }

    /// <summary><paramref name="count"/> rows of <paramref name="payloadBytes"/> bytes in all were written to <paramref name="table"/> beside a grain state.</summary>
    public void RowsWritten(string table, int count, int payloadBytes)
    {
        var tag = new KeyValuePair<string, object?>("table", table);
        _storageRows.Add(count, tag);
        _storageRowBytes.Add(payloadBytes, tag);
    }

    /// <summary>The embedded store's writer committed one transaction.</summary>
    public void StorageCommitted() => _storageCommits.Add(1);

    /// <summary>
    /// Makes the log line series of <paramref name="gameKind"/> exist at zero, so dashboards and alerts see it
    /// before the first line arrives.
    /// </summary>
    public void DeclareLogSource(string gameKind)
    {
        LogLinesReceived(gameKind, 0);
        _logBatches.Add(0, new KeyValuePair<string, object?>("game_kind", gameKind));
    }

    /// <summary>An active alert grain holds <paramref name="delta"/> more (or fewer) alerts in <paramref name="status"/>.</summary>
    public void AlertsActiveChanged(AlertStatus status, int delta)
    {
        if (status is AlertStatus.Pending or AlertStatus.Firing)
        {
            _activeAlerts.Add(delta, AlertStatusTags[(int)status]);
        }
    }

    /// <summary>An alert entered <paramref name="status"/>.</summary>
    public void AlertEntered(AlertStatus status) => _alertTransitions.Add(1, AlertStatusTags[(int)status]);

    /// <summary>The org's grain <paramref name="subscriber"/> was handed an event of <paramref name="kind"/> by its stream.</summary>
    public void OrgEventDelivered(string subscriber, string kind) =>
        _orgEventDeliveries.Add(1, new KeyValuePair<string, object?>("subscriber", subscriber), new KeyValuePair<string, object?>("kind", kind));

    /// <summary>An org event reached <paramref name="stage"/> of the SSE fan-out <paramref name="lag"/> after its <c>at</c>.</summary>
    public void EventFannedOut(EventFanoutStage stage, TimeSpan lag) =>
        _eventFanoutLag.Record(Math.Max(0, lag.TotalSeconds), FanoutStageTags[(int)stage]);

    private static KeyValuePair<string, object?> StateTag(JobState state) =>
        (uint)state < (uint)StateTags.Length ? StateTags[(int)state] : new("state", StateLabel(state));

    private static string StateLabel(JobState state) => state switch
    {
        JobState.Queued => "queued",
        JobState.Dispatched => "dispatched",
        JobState.Running => "running",
        JobState.Succeeded => "succeeded",
        JobState.Failed => "failed",
        JobState.TimedOut => "timed_out",
        JobState.Cancelled => "cancelled",
        _ => state.ToString().ToLowerInvariant(),
    };
}

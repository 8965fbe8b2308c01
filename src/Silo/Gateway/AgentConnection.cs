using System.Collections.Immutable;
using System.Diagnostics;
using GameOps.AgentProtocol;
using GameOps.Grains.Agents;
using GameOps.Grains.GameServers;
using GameOps.Grains.Observability;
using Grpc.Core;

namespace GameOps.Silo.Gateway;

/// <summary>
/// One agent's open stream on this silo. It is the grain observer the host grain pushes jobs through,
/// from whichever silo that grain lives on, and it owns the stream's only writer: gRPC allows no
/// concurrent writes, so everything bound for the agent goes through one queue.
/// </summary>
/// <param name="watchConsole">Told each watch of one of the host's consoles (<see cref="WatchConsoleAsync"/>).</param>
public sealed class AgentConnection(string hostId, string orgId, string peer, TimeProvider time, Action<string, TimeSpan>? watchConsole = null)
    : IAgentObserver, IDisposable
{
    // More unfinished jobs than a host's queue can hold only come from an agent that never reports: past this,
    // the rest go untracked (no resend without an Ack; their updates start traces of their own and log no server id).
    private const int MaxTrackedJobs = 10_000;

    private static readonly WriteOptions BufferedWrite = new(WriteFlags.BufferHint);

    // Jobs sent on this stream that have no final result yet: to resend one the agent did not acknowledge, and so
    // the agent's updates can be logged with the job's server and continue the job's trace. Written by the observer
    // and the sweeper, read by the stream's reader: a plain lock, since they rarely meet.
    private readonly Dictionary<Guid, Delivery> _sent = [];

    // Messages for the agent, and whether a thread is writing them: the first sender writes on its own thread while
    // later ones queue behind it (IServerStreamWriter allows one write at a time), so no writer loop has to be woken.
    private readonly Lock _outboundGate = new();
    private readonly Queue<ControlMessage> _outbound = new();
    private readonly TaskCompletionSource _writerDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IServerStreamWriter<ControlMessage>? _stream;
    private CancellationTokenSource? _stop;
    private CancellationTokenRegistration _stopRegistration;
    private bool _writing;
    private bool _outboundCompleted;
    private readonly CancellationTokenSource _abort = new();

    // Cancelled only once a write has had WriteGrace to finish after the stream ended: see RunWriterAsync.
    private readonly CancellationTokenSource _abandonWrite = new(Timeout.InfiniteTimeSpan, time);
    private long _lastHeartbeatTimestamp = time.GetTimestamp();

    // When the host grain last heard of this stream's heartbeats, and until when it wants each one. Read and written by
    // the stream's reader only, but for the wish, which the host grain sends. The first heartbeat always goes on: the
    // connect carries no metrics, and a host just online would otherwise show none for a refresh period.
    private long? _hostHeardTimestamp;
    private long _everyHeartbeatUntilTimestamp;

    /// <summary>How long a write under way when the stream ends may still take before it is given up.</summary>
    public static readonly TimeSpan WriteGrace = TimeSpan.FromSeconds(5);

    public Guid Id { get; } = Guid.NewGuid();

    public string HostId { get; } = hostId;

    public string OrgId { get; } = orgId;

    /// <summary>The agent's address as the gateway sees it (<c>ipv4:203.0.113.7:50412</c>).</summary>
    public string Peer { get; } = peer;

    /// <summary>Why the silo ended this stream, when it did.</summary>
    public DisconnectReason? AbortReason { get; private set; }

    /// <summary>Cancelled when the silo ends the stream (missed heartbeats, a newer stream).</summary>
    public CancellationToken Aborted => _abort.Token;

    public TimeSpan SinceLastHeartbeat => time.GetElapsedTime(Interlocked.Read(ref _lastHeartbeatTimestamp));

    public void RecordHeartbeat() => Interlocked.Exchange(ref _lastHeartbeatTimestamp, time.GetTimestamp());

    /// <summary>
    /// Whether the heartbeat just recorded goes on to the host grain: when <paramref name="refresh"/> has passed since the
    /// host last heard of the stream, or while it asked for every heartbeat (<see cref="ReportEveryHeartbeatAsync"/>).
    /// </summary>
    public bool TakeHostHeartbeat(TimeSpan refresh)
    {
        var now = time.GetTimestamp();
        if (now >= Interlocked.Read(ref _everyHeartbeatUntilTimestamp)
            && _hostHeardTimestamp is { } heard && time.GetElapsedTime(heard, now) < refresh)
        {
            return false;
        }

        _hostHeardTimestamp = now;
        return true;
    }

    public Task ReportEveryHeartbeatAsync(TimeSpan duration)
    {
        Interlocked.Exchange(ref _everyHeartbeatUntilTimestamp, time.GetTimestamp() + (long)(duration.TotalSeconds * time.TimestampFrequency));
        return Task.CompletedTask;
    }

    /// <summary>
    /// Queues a message for the agent; when no write is under way and the stream is attached, writes it (and whatever
    /// queues meanwhile) at once on this thread, up to the first write that does not complete at once.
    /// </summary>
    public void Send(ControlMessage message) => Send(new ReadOnlySpan<ControlMessage>(in message));

    /// <summary>Queues messages for the agent together, so they leave in one flush (see <see cref="Send(ControlMessage)"/>).</summary>
    public void Send(ReadOnlySpan<ControlMessage> messages)
    {
        lock (_outboundGate)
        {
            if (_outboundCompleted)
            {
                return;
            }

            foreach (var message in messages)
            {
                _outbound.Enqueue(message);
            }

            if (!TakeWriting())
            {
                return;
            }
        }

        _ = WriteQueuedAsync();
    }

    /// <summary>Whether the agent's Hello listed <see cref="AgentFeatures.LogAcks"/>: it reads several servers' acknowledgements in one message.</summary>
    public bool ReadsLogAcks { get; private set; }

    /// <summary>
    /// Whether the agent's Hello listed <see cref="AgentFeatures.LogAckWindow"/>: it keeps sending while its
    /// acknowledgements are late by less than its window, so they may be paced per stream (docs/adr/0041).
    /// </summary>
    public bool SendsInAckWindow { get; private set; }

    /// <summary>Takes what the agent's Hello says it understands; a Hello sent again on the stream says it anew.</summary>
    public void ReadFeatures(IReadOnlyCollection<string> features)
    {
        ReadsLogAcks = features.Contains(AgentFeatures.LogAcks);
        SendsInAckWindow = features.Contains(AgentFeatures.LogAckWindow);
    }

    /// <summary>
    /// Acknowledges the servers' stored lines in one message: a <c>LogAck</c> for one server, a <c>LogAcks</c> for
    /// several when the agent reads it, and otherwise a <c>LogAck</c> per server, queued together so they leave in one
    /// flush (docs/adr/0039). Returns how many messages were queued.
    /// </summary>
    public int SendConsoleAcks(ReadOnlySpan<ConsoleAck> acks)
    {
        if (acks.IsEmpty)
        {
            return 0;
        }

        if (acks.Length == 1)
        {
            Send(new ControlMessage { LogAck = ProtoMapping.ToLogAck(acks[0]) });
            return 1;
        }

        if (ReadsLogAcks)
        {
            var combined = new LogAcks();
            foreach (var ack in acks)
            {
                combined.Acks.Add(ProtoMapping.ToLogAck(ack));
            }

            Send(new ControlMessage { LogAcks = combined });
            return 1;
        }

        var each = new ControlMessage[acks.Length];
        for (var i = 0; i < acks.Length; i++)
        {
            each[i] = new ControlMessage { LogAck = ProtoMapping.ToLogAck(acks[i]) };
        }

        Send(each);
        return each.Length;
    }

    public void Abort(DisconnectReason reason)
    {
        AbortReason ??= reason;
        _abort.Cancel();
        _abandonWrite.CancelAfter(WriteGrace);
    }

    public Task AssignJobAsync(AgentJob job)
    {
        using var activity = StartSendJob(job);
        Send(Track(job, activity));
        return Task.CompletedTask;
    }

    public Task AssignJobsAsync(ImmutableArray<AgentJob> jobs)
    {
        var assignments = new ControlMessage[jobs.Length];
        for (var i = 0; i < jobs.Length; i++)
        {
            using var activity = StartSendJob(jobs[i]);
            assignments[i] = Track(jobs[i], activity);
        }

        Send(assignments);
        return Task.CompletedTask;
    }

    private Activity? StartSendJob(AgentJob job)
    {
        var activity = GameOpsTracing.StartActivity("SendJob", ActivityKind.Producer, job.TraceParent);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("gameops.job.id", job.JobId.ToString());
            activity.SetTag("gameops.host.id", HostId);
        }

        return activity;
    }

    /// <summary>The job's assignment, kept until the agent acknowledges it, so the sweeper can send it again.</summary>
    private ControlMessage Track(AgentJob job, Activity? activity)
    {
        // The agent continues the trace under this send, or under the job's creator when nobody records traces.
        var traceParent = activity?.Id ?? job.TraceParent;
        var assignment = new ControlMessage { JobAssignment = ProtoMapping.ToAssignment(job, traceParent) };
        lock (_sent)
        {
            if (_sent.Count < MaxTrackedJobs || _sent.ContainsKey(job.JobId))
            {
                _sent[job.JobId] = new Delivery(job, traceParent, assignment, time.GetTimestamp());
            }
        }

        return assignment;
    }

    public Task UpdatePolicyAsync(string serverId, ServerPolicySpec? narrowing)
    {
        Send(new ControlMessage { PolicyUpdate = new PolicyUpdate { ServerId = serverId, Policy = PolicyMapping.ToRules(narrowing) } });
        return Task.CompletedTask;
    }

    /// <summary>The agent has the job (it acknowledged it or reported on it): it is not sent again on this stream.</summary>
    public void Acknowledge(Guid jobId)
    {
        lock (_sent)
        {
            if (_sent.TryGetValue(jobId, out var delivery))
            {
                delivery.Unacknowledged = null;
            }
        }
    }

    /// <summary>
    /// Sends again each job the agent has not acknowledged within <paramref name="ackTimeout"/> and whose deadline is
    /// still ahead; returns them. A job past its deadline is forgotten: its job grain has timed it out.
    /// </summary>
    public IReadOnlyList<AgentJob> ResendUnacknowledged(TimeSpan ackTimeout, DateTimeOffset now)
    {
        List<AgentJob>? resent = null;
        lock (_sent)
        {
            foreach (var (jobId, delivery) in _sent)
            {
                if (delivery.Job.Deadline <= now)
                {
                    _sent.Remove(jobId);
                }
                else if (delivery.Unacknowledged is { } assignment && time.GetElapsedTime(delivery.SentAt) > ackTimeout)
                {
                    delivery.SentAt = time.GetTimestamp();
                    Send(assignment);
                    (resent ??= []).Add(delivery.Job);
                }
            }
        }

        return resent ?? (IReadOnlyList<AgentJob>)[];
    }

    /// <summary>What this stream sent for <paramref name="jobId"/>, if it sent it and no final result has come back.</summary>
    public SentJob? FindSentJob(Guid jobId)
    {
        lock (_sent)
        {
            return _sent.TryGetValue(jobId, out var delivery) ? new SentJob(delivery.Job.ServerId, delivery.TraceParent) : null;
        }
    }

    /// <summary>The job's final result is stored: nothing more comes for it on this stream.</summary>
    public void ForgetSentJob(Guid jobId)
    {
        lock (_sent)
        {
            _sent.Remove(jobId);
        }
    }

    public Task CancelJobAsync(Guid jobId)
    {
        Send(new ControlMessage { CancelJob = new CancelJob { JobId = jobId.ToString() } });
        return Task.CompletedTask;
    }

    public Task WatchConsoleAsync(string serverId, TimeSpan lease)
    {
        watchConsole?.Invoke(serverId, lease);
        return Task.CompletedTask;
    }

    public Task CloseAsync(string reason)
    {
        Abort(DisconnectReason.Superseded);
        return Task.CompletedTask;
    }

    public Task RevokeAsync()
    {
        Abort(DisconnectReason.Revoked);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Attaches the call's stream: messages queued before it and after it are written to it. The task completes once
    /// <see cref="CompleteWriter"/> was called and every queued message is written, ends cancelled when the silo ends
    /// the stream or the call ends (after the write under way, if any: nothing queued goes out after that), and faults
    /// when a write fails.
    /// </summary>
    public Task RunWriterAsync(IServerStreamWriter<ControlMessage> stream, CancellationToken callEnded)
    {
        var stop = CancellationTokenSource.CreateLinkedTokenSource(callEnded, _abort.Token);
        bool start;
        lock (_outboundGate)
        {
            _stream = stream;
            _stop = stop;
            start = TakeWriting();
        }

        _stopRegistration = stop.Token.Register(static state => ((AgentConnection)state!).StopIdleWriter(), this);
        if (start)
        {
            _ = WriteQueuedAsync();
        }

        return _writerDone.Task;
    }

    /// <summary>Lets the writer finish what is queued, and gives up a write still under way after <see cref="WriteGrace"/>.</summary>
    public void CompleteWriter()
    {
        bool start;
        lock (_outboundGate)
        {
            _outboundCompleted = true;
            start = TakeWriting();
        }

        _abandonWrite.CancelAfter(WriteGrace);
        if (start)
        {
            _ = WriteQueuedAsync();
        }
    }

    // Under the gate: whether this thread is to write now (the stream is attached, nothing is being written, and there
    // is something to write or to end). A stopped writer keeps _writing, so nothing writes to its stream again.
    private bool TakeWriting()
    {
        if (_writing || _stream is null || (_outbound.Count == 0 && !_outboundCompleted))
        {
            return false;
        }

        _writing = true;
        return true;
    }

    private void StopIdleWriter()
    {
        lock (_outboundGate)
        {
            if (_writing)
            {
                // The thread writing ends the writer when its write is done.
                return;
            }

            _writing = true;
        }

        _writerDone.TrySetCanceled();
    }

    private async Task WriteQueuedAsync()
    {
        try
        {
            while (true)
            {
                ControlMessage? message;
                bool more;
                lock (_outboundGate)
                {
                    // Nothing more goes out once the silo has ended the stream: a job sent now would reach an agent being replaced.
                    if (_stop!.IsCancellationRequested)
                    {
                        break;
                    }

                    if (!_outbound.TryDequeue(out message))
                    {
                        _writing = false;
                        if (_outboundCompleted)
                        {
                            _writerDone.TrySetResult();
                        }

                        return;
                    }

                    more = _outbound.Count > 0;
                }

                // A message with more queued behind it is only buffered: a burst leaves in one flush, one send, not one each.
                _stream!.WriteOptions = more ? BufferedWrite : null;

                // Not the stream's end: gRPC resets the HTTP/2 stream when a write's token fires, and the agent would read
                // Cancelled instead of why the stream ended (superseded, heartbeats missed). Only a write still stuck
                // WriteGrace after the end, behind an agent that reads nothing, is given up.
                await _stream.WriteAsync(message, _abandonWrite.Token);
            }

            _writerDone.TrySetCanceled();
        }
        catch (OperationCanceledException)
        {
            _writerDone.TrySetCanceled();
        }
        catch (Exception exception)
        {
            _writerDone.TrySetException(exception);
        }
    }

    public void Dispose()
    {
        _stopRegistration.Dispose();
        _stop?.Dispose();
        _abort.Dispose();
        _abandonWrite.Dispose();
    }

    private sealed class Delivery(AgentJob job, string? traceParent, ControlMessage assignment, long sentAt)
    {
        public AgentJob Job { get; } = job;

        public string? TraceParent { get; } = traceParent;

        /// <summary>The assignment as sent, until the agent acknowledges it.</summary>
        public ControlMessage? Unacknowledged { get; set; } = assignment;

        /// <summary>When it was last sent, as a <see cref="TimeProvider"/> timestamp.</summary>
        public long SentAt { get; set; } = sentAt;
    }

    /// <param name="ServerId">The game server the job runs on.</param>
    /// <param name="TraceParent">The W3C trace context the agent received with the job.</param>
    public readonly record struct SentJob(string ServerId, string? TraceParent);
}

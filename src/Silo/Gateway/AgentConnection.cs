using System.Diagnostics;
using System.Threading.Channels;
using GameOps.AgentProtocol;
using GameOps.Grains.Agents;
using GameOps.Grains.GameServers;
using GameOps.Grains.Observability;
using GameOps.Silo.Policies;
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
    private readonly Channel<ControlMessage> _outbound = Channel.CreateUnbounded<ControlMessage>(
        new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _abort = new();

    // Cancelled only once a write has had WriteGrace to finish after the stream ended: see RunWriterAsync.
    private readonly CancellationTokenSource _abandonWrite = new(Timeout.InfiniteTimeSpan, time);
    private long _lastHeartbeatTimestamp = time.GetTimestamp();

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

    public void Send(ControlMessage message) => _outbound.Writer.TryWrite(message);

    public void Abort(DisconnectReason reason)
    {
        AbortReason ??= reason;
        _abort.Cancel();
        _abandonWrite.CancelAfter(WriteGrace);
    }

    public Task AssignJobAsync(AgentJob job)
    {
        using var activity = GameOpsTracing.StartActivity("SendJob", ActivityKind.Producer, job.TraceParent);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("gameops.job.id", job.JobId.ToString());
            activity.SetTag("gameops.host.id", HostId);
        }

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

        Send(assignment);
        return Task.CompletedTask;
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

    /// <summary>Drains the queue into the stream until the queue completes, the silo ends the stream or the call ends.</summary>
    public async Task RunWriterAsync(IServerStreamWriter<ControlMessage> stream, CancellationToken callEnded)
    {
        var queue = _outbound.Reader;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(callEnded, _abort.Token);
        while (await queue.WaitToReadAsync(stop.Token))
        {
            // Nothing more goes out once the silo has ended the stream: a job sent now would reach an agent being replaced.
            while (!stop.IsCancellationRequested && queue.TryRead(out var message))
            {
                // A message with more queued behind it is only buffered: a burst leaves in one flush, one send, not one each.
                stream.WriteOptions = queue.TryPeek(out _) ? BufferedWrite : null;
                // Not the stream's end: gRPC resets the HTTP/2 stream when a write's token fires, and the agent would read
                // Cancelled instead of why the stream ended (superseded, heartbeats missed). Only a write still stuck
                // WriteGrace after the end, behind an agent that reads nothing, is given up.
                await stream.WriteAsync(message, _abandonWrite.Token);
            }
        }
    }

    /// <summary>Lets the writer finish what is queued, and gives up a write still under way after <see cref="WriteGrace"/>.</summary>
    public void CompleteWriter()
    {
        _outbound.Writer.TryComplete();
        _abandonWrite.CancelAfter(WriteGrace);
    }

    public void Dispose()
    {
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

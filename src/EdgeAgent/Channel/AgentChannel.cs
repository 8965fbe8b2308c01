using System.Collections.Concurrent;
using System.Reflection;
using System.Threading.Channels;
using GameOps.AgentProtocol;
using GameOps.AgentProtocol.Policy;
using GameOps.EdgeAgent.Configuration;
using GameOps.EdgeAgent.Jobs;
using GameOps.EdgeAgent.Policy;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GameOps.EdgeAgent.Channel;

/// <summary>
/// The agent's one bidirectional stream to the control plane (<c>AgentGateway.Connect</c>), dialled by the agent so
/// the host opens no inbound port. Sends Hello, then heartbeats; acknowledges each assignment at once and runs it
/// off the read loop; re-sends every result the control plane has not acknowledged each time it connects; and
/// reconnects with jittered exponential backoff for as long as the agent runs. Other parts of the agent queue their
/// messages through <see cref="IAgentOutbox"/>, and state they must repeat on every stream comes from
/// <see cref="IAgentStreamReplay"/>; one writer loop per stream sends them all.
/// </summary>
public sealed partial class AgentChannel : BackgroundService, IAgentOutbox
{
    public const string HostIdHeader = "x-gameops-host";
    public const string AuthorizationHeader = "authorization";

    // How long a failed write waits for the read side to bring the status the control plane ended the call with.
    private static readonly TimeSpan StatusGrace = TimeSpan.FromSeconds(2);

    private readonly AgentConfig _config;
    private readonly JobJournal _journal;
    private readonly JobProcessor _processor;
    private readonly ServerPolicies _policies;
    private readonly HostMetricsSampler _metrics;
    private readonly AgentChannelOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly IAgentStreamReplay[] _replays;
    private readonly IAgentLogSource _logs;
    private readonly Lock _sessionLock = new();
    private readonly ConcurrentDictionary<Task, byte> _runningJobs = new();

    // Sent in every Hello: the control plane lets this process's new stream replace its old one at once, and refuses
    // another agent's while this one's stream is alive.
    private readonly string _instanceId = Guid.NewGuid().ToString("N");

    // The current stream's outbox, or null between streams. Its single reader is the only writer to the request stream.
    private ChannelWriter<AgentMessage>? _outbox;

    public AgentChannel(
        AgentConfig config,
        JobJournal journal,
        JobProcessor processor,
        ServerPolicies policies,
        HostMetricsSampler metrics,
        IOptions<AgentChannelOptions> options,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory,
        IEnumerable<IAgentStreamReplay> replays,
        IAgentLogSource logs)
    {
        _config = config;
        _logs = logs;
        _replays = [.. replays];
        _journal = journal;
        _processor = processor;
        _policies = policies;
        _metrics = metrics;
        _options = options.Value;
        _timeProvider = timeProvider;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<AgentChannel>();
    }

    /// <summary>The agent's version as sent in Hello: the assembly's informational version.</summary>
    public static string AgentVersion { get; } =
        typeof(AgentChannel).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(AgentChannel).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var channel = GatewayChannelFactory.Create(_config, _options, _loggerFactory);
        var client = new AgentGateway.AgentGatewayClient(channel);
        var backoff = new ReconnectBackoff(
            _options.InitialReconnectDelay,
            _options.MaxReconnectDelay,
            _options.RefusedReconnectDelay,
            _options.JitterSeed is { } seed ? new Random(seed) : Random.Shared);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var openedAt = _timeProvider.GetTimestamp();
                var refused = false;
                try
                {
                    await RunStreamAsync(client, stoppingToken);
                    LogStreamEnded(_config.ControlPlaneUrl);
                }
                catch (RpcException exception) when (exception.StatusCode is StatusCode.Unauthenticated or StatusCode.PermissionDenied)
                {
                    refused = true;
                    LogCredentialRefused(_config.HostId, exception.StatusCode, exception.Status.Detail);
                }
                catch (RpcException exception) when (exception.StatusCode == StatusCode.AlreadyExists)
                {
                    // Another agent holds this host. It may die, so keep trying, but at the refused pace.
                    refused = true;
                    LogHostTaken(_config.HostId, exception.Status.Detail);
                }
                catch (RpcException exception) when (!stoppingToken.IsCancellationRequested)
                {
                    LogStreamFailed(_config.ControlPlaneUrl, exception.StatusCode, exception.Status.Detail);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // Whatever broke this stream, the agent must keep dialling.
                    LogStreamBroken(_config.ControlPlaneUrl, exception);
                }

                if (_timeProvider.GetElapsedTime(openedAt) >= _options.StableConnectionTime)
                {
                    backoff.Reset();
                }

                var delay = refused ? backoff.RefusedDelay() : backoff.NextDelay();
                LogReconnecting(delay.TotalSeconds);
                await Task.Delay(delay, _timeProvider, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            await WaitForRunningJobsAsync();
        }
    }

    private async Task RunStreamAsync(AgentGateway.AgentGatewayClient client, CancellationToken stoppingToken)
    {
        using var stream = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var headers = new Metadata
        {
            { HostIdHeader, _config.HostId },
            { AuthorizationHeader, "Bearer " + _config.Credential },
        };
        LogConnecting(_config.ControlPlaneUrl, _config.HostId);
        using var call = client.Connect(headers, cancellationToken: stream.Token);

        var outbox = System.Threading.Channels.Channel.CreateUnbounded<AgentMessage>(new UnboundedChannelOptions { SingleReader = true });
        int resent;
        lock (_sessionLock)
        {
            // Hello first, then every unacknowledged result; anything finishing later joins the same queue behind them.
            outbox.Writer.TryWrite(new AgentMessage { Hello = BuildHello() });
            var unacknowledged = _journal.Unacknowledged();
            foreach (var finished in unacknowledged)
            {
                outbox.Writer.TryWrite(new AgentMessage { JobUpdate = JobProcessor.ToUpdate(finished.JobId, finished.Result) });
            }

            resent = unacknowledged.Count;

            // Then the state the control plane may have lost with the previous stream (each server's health).
            foreach (var replay in _replays)
            {
                foreach (var message in replay.MessagesForNewStream())
                {
                    outbox.Writer.TryWrite(message);
                }
            }

            // Lines the control plane has not acknowledged go again, after everything above.
            _logs.Rewind();
            _outbox = outbox.Writer;
        }

        try
        {
            var writing = WriteLoopAsync(call.RequestStream, outbox.Reader, resent, stream.Token);
            var heartbeats = HeartbeatLoopAsync(outbox.Writer, stream.Token);
            var reading = ReadLoopAsync(call.ResponseStream, outbox.Writer, stoppingToken, stream.Token);
            if (await Task.WhenAny(writing, heartbeats, reading) == writing)
            {
                // A write fails when the control plane has ended the call (a refusal ends it while Hello is written);
                // its status arrives on the read side, which cancelling the stream now could cut off.
                await Task.WhenAny(reading, Task.Delay(StatusGrace, stream.Token));
            }

            await stream.CancelAsync();
            try
            {
                await Task.WhenAll(writing, heartbeats, reading);
            }
            catch (Exception) when (stream.IsCancellationRequested)
            {
                // Each loop's own failure is examined below.
            }

            stoppingToken.ThrowIfCancellationRequested();

            // The status the control plane ended the stream with says the most; our own cancellation of the other loops says nothing.
            var failure = new[] { reading, writing, heartbeats }
                .Where(task => task.IsFaulted)
                .Select(task => task.Exception!.GetBaseException())
                .Where(exception => exception is not OperationCanceledException
                    && exception is not RpcException { StatusCode: StatusCode.Cancelled })
                .OrderBy(exception => exception is RpcException ? 0 : 1)
                .FirstOrDefault();

            // A refusal can end the call while Hello is being written: the write fails, the read is cancelled with the
            // stream before it reaches the status, and the refusal would pass for a closed stream. The call keeps the
            // status the control plane sent.
            if (failure is not RpcException && StatusSentBy(call) is { } sent)
            {
                failure = new RpcException(sent);
            }

            if (failure is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
            }
        }
        finally
        {
            lock (_sessionLock)
            {
                if (_outbox == outbox.Writer)
                {
                    _outbox = null;
                }
            }

            outbox.Writer.TryComplete();
        }
    }

    private static Status? StatusSentBy(AsyncDuplexStreamingCall<AgentMessage, ControlMessage> call)
    {
        try
        {
            return call.GetStatus() is { StatusCode: not (StatusCode.OK or StatusCode.Cancelled) } status ? status : null;
        }
        catch (InvalidOperationException)
        {
            // The call has no status yet: it ended on our side.
            return null;
        }
    }

    /// <summary>
    /// The stream's one writer. Whatever is queued (Hello, heartbeats, job updates, acks) goes first; a batch of lines
    /// only when nothing is, so a burst of lines delays a heartbeat or a job by one batch at most.
    /// </summary>
    private async Task WriteLoopAsync(
        IClientStreamWriter<AgentMessage> requestStream, ChannelReader<AgentMessage> outbox, int resent, CancellationToken cancellationToken)
    {
        var first = true;
        var queued = outbox.WaitToReadAsync(cancellationToken).AsTask();
        var lines = _logs.WaitForLinesAsync(cancellationToken);
        while (true)
        {
            if (outbox.TryRead(out var message))
            {
                await requestStream.WriteAsync(message, cancellationToken);
                if (first)
                {
                    first = false;
                    LogHelloSent(_config.ControlPlaneUrl, _config.HostId, resent);
                }

                continue;
            }

            // Nothing goes before Hello.
            if (!first && _logs.TryTakeBatch(out var batch))
            {
                await requestStream.WriteAsync(new AgentMessage { LogBatch = batch }, cancellationToken);
                continue;
            }

            if (queued.IsCompleted)
            {
                if (!await queued)
                {
                    return;
                }

                queued = outbox.WaitToReadAsync(cancellationToken).AsTask();
                continue;
            }

            if (lines.IsCompleted)
            {
                await lines;
                lines = _logs.WaitForLinesAsync(cancellationToken);
                continue;
            }

            var due = first ? null : _logs.NextBatchDue();
            if (due == TimeSpan.Zero)
            {
                continue;
            }

            if (due is { } wait)
            {
                using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var delay = Task.Delay(wait, _timeProvider, timer.Token);
                await Task.WhenAny(queued, lines, delay);
                await timer.CancelAsync();
            }
            else
            {
                await Task.WhenAny(queued, lines);
            }

            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private async Task HeartbeatLoopAsync(ChannelWriter<AgentMessage> outbox, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_config.HeartbeatInterval, _timeProvider);
        do
        {
            outbox.TryWrite(new AgentMessage { Heartbeat = BuildHeartbeat() });
        }
        while (await timer.WaitForNextTickAsync(cancellationToken));
    }

    private async Task ReadLoopAsync(
        IAsyncStreamReader<ControlMessage> responseStream,
        ChannelWriter<AgentMessage> outbox,
        CancellationToken stoppingToken,
        CancellationToken cancellationToken)
    {
        while (await responseStream.MoveNext(cancellationToken))
        {
            var message = responseStream.Current;
            switch (message.KindCase)
            {
                case ControlMessage.KindOneofCase.JobAssignment:
                    Accept(message.JobAssignment, outbox, stoppingToken);
                    break;

                case ControlMessage.KindOneofCase.Ack:
                    _journal.Acknowledge(message.Ack.JobId);
                    break;

                case ControlMessage.KindOneofCase.CancelJob:
                    Cancel(message.CancelJob.JobId, outbox);
                    break;

                case ControlMessage.KindOneofCase.PolicyUpdate:
                    ApplyPolicy(message.PolicyUpdate, outbox);
                    break;

                case ControlMessage.KindOneofCase.LogAck:
                    _logs.Acknowledge(message.LogAck);
                    break;

                case ControlMessage.KindOneofCase.LogAcks:
                    _logs.Acknowledge(message.LogAcks);
                    break;

                default:
                    LogUnknownMessage(message.KindCase.ToString());
                    break;
            }
        }
    }

    private void Accept(JobAssignment assignment, ChannelWriter<AgentMessage> outbox, CancellationToken stoppingToken)
    {
        if (string.IsNullOrEmpty(assignment.JobId))
        {
            LogAssignmentWithoutId();
            return;
        }

        outbox.TryWrite(new AgentMessage { Ack = new Ack { JobId = assignment.JobId } });

        // Off the read loop: a slow game must not hold up acks, heartbeats or other jobs. The job outlives this
        // stream: its result goes out on whichever stream is open when it finishes.
        var job = Task.Run(() => RunJobAsync(assignment, stoppingToken), CancellationToken.None);
        _runningJobs.TryAdd(job, 0);
        job.ContinueWith(finished => _runningJobs.TryRemove(finished, out _), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }

    private void Cancel(string jobId, ChannelWriter<AgentMessage> outbox)
    {
        if (string.IsNullOrEmpty(jobId))
        {
            LogAssignmentWithoutId();
            return;
        }

        bool cancelled;
        try
        {
            cancelled = _journal.TryCancel(jobId);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            // Unrecorded, a cancel could be undone by a restart and the job run after all: refuse it, the job runs as sent.
            LogCancelNotRecorded(jobId, exception);
            return;
        }

        if (cancelled)
        {
            LogCancelled(jobId);
            outbox.TryWrite(new AgentMessage { JobUpdate = JobProcessor.ToUpdate(jobId, JobResult.Cancel()) });
        }
        else
        {
            LogCancelTooLate(jobId);
        }
    }

    private void ApplyPolicy(PolicyUpdate update, ChannelWriter<AgentMessage> outbox)
    {
        ServerPolicy narrowing;
        if ((update.Policy ?? new PolicyRules()).TryToPolicy(out var parsed, out var error))
        {
            narrowing = parsed;
        }
        else
        {
            // The control plane meant to narrow and this agent cannot read how: it allows nothing until a readable one comes.
            LogUnreadablePolicy(update.ServerId, error);
            narrowing = new ServerPolicy { AllowedActions = [] };
        }

        if (_policies.Narrow(update.ServerId, narrowing) is not { } effective)
        {
            LogPolicyForUnknownServer(update.ServerId);
            return;
        }

        LogPolicyApplied(update.ServerId);
        outbox.TryWrite(new AgentMessage { PolicyReport = new PolicyReport { ServerId = update.ServerId, Effective = effective.ToRules() } });
    }

    private async Task RunJobAsync(JobAssignment assignment, CancellationToken stoppingToken)
    {
        try
        {
            var final = await _processor.ProcessAsync(assignment, Send, stoppingToken);
            if (final is not null)
            {
                Send(final);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping mid-job: the journal keeps it "started", so after a restart it is reported as cut short.
        }
        catch (Exception exception)
        {
            LogJobCrashed(assignment.JobId, exception);
        }
    }

    public bool TrySend(AgentMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        lock (_sessionLock)
        {
            return _outbox?.TryWrite(message) ?? false;
        }
    }

    /// <summary>Queues <paramref name="update"/> on the open stream; between streams a final result waits in the journal.</summary>
    private void Send(JobUpdate update)
    {
        lock (_sessionLock)
        {
            _outbox?.TryWrite(new AgentMessage { JobUpdate = update });
        }
    }

    private Hello BuildHello()
    {
        var hello = new Hello { HostId = _config.HostId, AgentVersion = AgentVersion, InstanceId = _instanceId, Features = { AgentFeatures.LogAcks, AgentFeatures.LogAckWindow } };
        foreach (var server in _config.Servers)
        {
            // Never the console address or password: those stay on the host.
            hello.Servers.Add(new GameServerInfo
            {
                Id = server.Id,
                Name = server.Name,
                Kind = server.Kind,
                Capabilities = { server.AllowedActions.Where(server.HostPolicy.Allows) },
            });
        }

        return hello;
    }

    private Heartbeat BuildHeartbeat()
    {
        var metrics = _metrics.Sample();
        return new Heartbeat
        {
            SentAt = Timestamp.FromDateTimeOffset(_timeProvider.GetUtcNow()),
            CpuPercent = metrics.CpuPercent,
            MemoryUsedBytes = metrics.MemoryUsedBytes,
            MemoryTotalBytes = metrics.MemoryTotalBytes,
            DiskUsedBytes = metrics.DiskUsedBytes,
            DiskTotalBytes = metrics.DiskTotalBytes,
        };
    }

    private async Task WaitForRunningJobsAsync()
    {
        try
        {
            await Task.WhenAll(_runningJobs.Keys).WaitAsync(_options.ShutdownJobWait);
        }
        catch (TimeoutException)
        {
            LogJobsStillRunning(_runningJobs.Count);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Connecting to the control plane at {Url} as host {HostId}")]
    private partial void LogConnecting(Uri url, string hostId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information,
        Message = "Sent Hello to {Url} as host {HostId}, and re-sent {Resent} unacknowledged results")]
    private partial void LogHelloSent(Uri url, string hostId, int resent);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "The control plane at {Url} closed the stream")]
    private partial void LogStreamEnded(Uri url);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error,
        Message = "The control plane refused this host's credential (host {HostId}, {Status}: {Detail}); check the credential in the agent config. Retrying")]
    private partial void LogCredentialRefused(string hostId, StatusCode status, string detail);

    [LoggerMessage(EventId = 12, Level = LogLevel.Error,
        Message = "The control plane refused this stream because another agent is connected as host {HostId} ({Detail}); stop the other agent, or give each host its own credential. Retrying")]
    private partial void LogHostTaken(string hostId, string detail);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "The stream to {Url} failed ({Status}: {Detail})")]
    private partial void LogStreamFailed(Uri url, StatusCode status, string detail);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "The stream to {Url} broke")]
    private partial void LogStreamBroken(Uri url, Exception exception);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "Reconnecting in {DelaySeconds:0.0} s")]
    private partial void LogReconnecting(double delaySeconds);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "Ignored a control message of unknown kind {Kind}; the control plane may be newer than this agent")]
    private partial void LogUnknownMessage(string kind);

    [LoggerMessage(EventId = 16, Level = LogLevel.Information, Message = "Applied the control plane's policy for game server {ServerId}")]
    private partial void LogPolicyApplied(string serverId);

    [LoggerMessage(EventId = 17, Level = LogLevel.Warning, Message = "The control plane sent a policy for game server {ServerId}, which this host does not have; ignored")]
    private partial void LogPolicyForUnknownServer(string serverId);

    [LoggerMessage(EventId = 18, Level = LogLevel.Error, Message = "The control plane's policy for game server {ServerId} is unreadable ({Problem}); the server allows no action until a readable one arrives")]
    private partial void LogUnreadablePolicy(string serverId, string problem);

    [LoggerMessage(EventId = 9, Level = LogLevel.Warning, Message = "Ignored a job assignment without a job id")]
    private partial void LogAssignmentWithoutId();

    [LoggerMessage(EventId = 13, Level = LogLevel.Information, Message = "Job {JobId} was cancelled by the control plane before it started; it will not run")]
    private partial void LogCancelled(string jobId);

    [LoggerMessage(EventId = 14, Level = LogLevel.Information, Message = "Job {JobId} was cancelled by the control plane after it started here; it runs to its end")]
    private partial void LogCancelTooLate(string jobId);

    [LoggerMessage(EventId = 15, Level = LogLevel.Error, Message = "Job {JobId} could not be cancelled: the journal could not record it")]
    private partial void LogCancelNotRecorded(string jobId, Exception exception);

    [LoggerMessage(EventId = 10, Level = LogLevel.Error, Message = "Job {JobId} could not be processed")]
    private partial void LogJobCrashed(string jobId, Exception exception);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "Stopped with {Count} jobs still running; they will be reported as cut short after the restart")]
    private partial void LogJobsStillRunning(int count);
}

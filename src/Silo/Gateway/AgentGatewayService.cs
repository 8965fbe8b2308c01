using System.Diagnostics;
using System.Globalization;
using GameOps.AgentProtocol;
using GameOps.Grains;
using GameOps.Grains.Agents;
using GameOps.Grains.GameServers;
using GameOps.Grains.Hosts;
using GameOps.Grains.Observability;
using GameOps.Grains.Players;
using GameOps.Grains.ServerConsole;
using GameOps.Silo.Hosts;
using GameOps.Silo.Security;
using GameOps.Silo.ServerConsole;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Options;
using OpenTelemetry;

namespace GameOps.Silo.Gateway;

/// <summary>
/// The agent channel's server side: authenticates each stream with the host's credential, then maps
/// every message onto a call to that host's grain.
/// </summary>
public sealed partial class AgentGatewayService(
    IGrainFactory grains,
    AgentConnectionRegistry registry,
    ConsoleLineIntake consoleIntake,
    GameOpsMetrics metrics,
    FailedAuthenticationLimiter failedAttempts,
    IOptions<AgentChannelOptions> channelOptions,
    IOptions<ConsoleOptions> consoleOptions,
    ThreadPoolLoad load,
    TimeProvider time,
    ILogger<AgentGatewayService> logger) : AgentGateway.AgentGatewayBase
{
    public const string HostIdHeader = "x-gameops-host";
    public const string RetryPushbackTrailer = "grpc-retry-pushback-ms";
    private const string NotAnAgentMessage = "A message on the stream is not a valid AgentMessage.";
    private static readonly TimeSpan HelloTimeout = TimeSpan.FromSeconds(10);

    // A server's lines read off the stream but not yet stored: two full agent batches for each server the agent declared.
    // Past it the stream is read no further until the append under way has finished, so one agent cannot fill the
    // silo's memory.
    private const int MaxWaitingConsoleLinesPerServer = 2 * ProtoMapping.MaxLogBatchEntries;

    public override async Task Connect(IAsyncStreamReader<AgentMessage> requestStream, IServerStreamWriter<ControlMessage> responseStream, ServerCallContext context)
    {
        var (hostId, credentialHash) = await AuthenticateAsync(context);
        var host = grains.GetHostGrain(hostId);
        var (hello, features) = await ReadHelloAsync(requestStream, hostId, context.CancellationToken);
        var orgId = (await host.GetAsync())?.OrgId ?? "";

        using var connection = new AgentConnection(
            hostId, orgId, context.Peer, time, (serverId, lease) => consoleIntake.Watch(GameServerKeys.For(hostId, serverId), lease));
        connection.ReadFeatures(features);
        using var logScope = logger.BeginScope(new ConnectionLogScope(hostId, connection.Id));
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, connection.Aborted);
        var observer = grains.CreateObjectReference<IAgentObserver>(connection);
        registry.Add(connection);
        var writer = connection.RunWriterAsync(responseStream, context.CancellationToken);
        var reason = DisconnectReason.StreamEnded;

        // Made at the stream's first console line: most agents heartbeat for hours without sending one.
        StreamConsole? console = null;
        try
        {
            await host.ConnectAsync(connection.Id, connection.Peer, observer, hello);
            DeclareLogSources(hello);
            await SendPoliciesAsync(connection, hostId, hello);
            await ReconcilePlayersAsync(connection, hello);

            // The stream's own span lasts as long as the connection: each message below starts a trace of its
            // own or continues its job's, rather than hanging under it.
            Activity.Current = null;

            // Read directly, not through ReadNextAsync: a state machine of its own for every message of every agent.
            while (await requestStream.MoveNext(ended.Token))
            {
                var message = requestStream.Current;
                switch (message.KindCase)
                {
                    case AgentMessage.KindOneofCase.Heartbeat:
                        await HandleHeartbeatAsync(connection, host, observer, hello, credentialHash, message.Heartbeat);
                        break;
                    case AgentMessage.KindOneofCase.JobUpdate:
                        await HandleJobUpdateAsync(connection, message.JobUpdate);
                        break;
                    case AgentMessage.KindOneofCase.Ack:
                        // Transport bookkeeping, kept by the stream itself: the host grain only hears of a job's updates.
                        connection.Acknowledge(ProtoMapping.ParseJobId(message.Ack.JobId, "ack.job_id"));
                        break;
                    case AgentMessage.KindOneofCase.ServerHealth:
                        var health = message.ServerHealth;
                        if (hello.Servers.Any(s => s.Id == health.ServerId))
                        {
                            await grains.GetGrain<IGameServerGrain>(GameServerKeys.For(hostId, health.ServerId))
                                .ReportHealthAsync(ProtoMapping.ToHealthReport(health, time.GetUtcNow()));
                        }
                        else
                        {
                            LogUndeclaredServer(logger, hostId, health.ServerId.Length <= 64 ? health.ServerId : health.ServerId[..64]);
                        }

                        break;
                    case AgentMessage.KindOneofCase.Hello:
                        hello = ProtoMapping.ToHello(message.Hello, hostId);
                        connection.ReadFeatures(message.Hello.Features);
                        await host.ConnectAsync(connection.Id, connection.Peer, observer, hello);
                        DeclareLogSources(hello);
                        await SendPoliciesAsync(connection, hostId, hello);
                        await ReconcilePlayersAsync(connection, hello);
                        break;
                    case AgentMessage.KindOneofCase.PolicyReport:
                        await HandlePolicyReportAsync(hostId, hello, message.PolicyReport);
                        break;
                    case AgentMessage.KindOneofCase.LogBatch:
                        await HandleLogBatchAsync(hello, (console ??= OpenConsole(connection, hello)).Queue, message.LogBatch);
                        break;
                    default:
                        throw new ProtocolViolationException("The message carries no known kind.");
                }
            }
        }
        catch (OperationCanceledException) when (connection.AbortReason is { } abortReason)
        {
            reason = abortReason;
        }
        catch (InvalidProtocolBufferException)
        {
            // Before IOException, which it is: bytes that do not parse are the agent's fault, not a dropped connection.
            LogViolation(logger, hostId, NotAnAgentMessage);
            throw new RpcException(new Status(StatusCode.InvalidArgument, NotAnAgentMessage));
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException)
        {
            // The agent went away mid-read (process killed, network reset): the stream simply ended.
        }
        catch (ProtocolViolationException violation)
        {
            LogViolation(logger, hostId, violation.Message);
            throw new RpcException(new Status(StatusCode.InvalidArgument, violation.Message));
        }
        catch (HostAlreadyConnectedException refused)
        {
            // The host grain logged both peers and keeps the conflict for the API.
            throw new RpcException(new Status(StatusCode.AlreadyExists, refused.Message));
        }
        finally
        {
            registry.Remove(connection);
            connection.CompleteWriter();
            grains.DeleteObjectReference<IAgentObserver>(observer);
            try
            {
                await host.DisconnectAsync(connection.Id, reason);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogDisconnectFailed(logger, exception, hostId);
            }

            await writer.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            console?.Dispose();
        }

        switch (reason)
        {
            case DisconnectReason.HeartbeatsMissed:
                throw new RpcException(new Status(StatusCode.DeadlineExceeded, "No heartbeat arrived in time; reconnect."));
            case DisconnectReason.Revoked:
                throw new RpcException(new Status(StatusCode.Unauthenticated,
                    $"The credential of host '{hostId}' was revoked or replaced by a new enrolment; enrol this agent again (gameops-agent enrol)."));
            case DisconnectReason.ConsoleNotStored:
                throw new RpcException(new Status(StatusCode.Unavailable,
                    "Console lines could not be stored; reconnect and send every line after the last acknowledged one again."));
            case DisconnectReason.Superseded:
                // Seen only by an agent that fell silent and lived: another agent of this host is connected now.
                throw new RpcException(new Status(StatusCode.AlreadyExists,
                    $"A newer stream of host '{hostId}' replaced this one. Two agents must not run with one host's credential."));
        }
    }

    private async Task HandleHeartbeatAsync(
        AgentConnection connection, IHostGrain host, IAgentObserver observer, AgentHello hello, byte[] credentialHash, Heartbeat heartbeat)
    {
        connection.RecordHeartbeat();
        var now = time.GetUtcNow();
        metrics.HeartbeatReceived(ProtoMapping.SentAt(heartbeat) is { } sentAt ? now - sentAt : null);

        // The sweeper ends this stream should it go silent, so the host grain needs only an occasional heartbeat: to
        // know its stream's gateway is alive, to learn that it was reactivated, and for the agent's latest metrics.
        if (!connection.TakeHostHeartbeat(channelOptions.Value.HostHeartbeatRefresh))
        {
            return;
        }

        // Every 15 s from every agent: too frequent to trace.
        using (SuppressInstrumentationScope.Begin())
        {
            if (!await host.HeartbeatAsync(connection.Id, ProtoMapping.ToMetrics(heartbeat)))
            {
                // The host grain was reactivated and no longer knows this stream: register again, if the credential the
                // stream opened with still opens the host (a revocation reaches only the stream the grain knew).
                if (!await host.VerifyCredentialAsync(credentialHash))
                {
                    connection.Abort(DisconnectReason.Revoked);
                    return;
                }

                await host.ConnectAsync(connection.Id, connection.Peer, observer, hello);
            }
        }
    }

    private async Task HandleJobUpdateAsync(AgentConnection connection, JobUpdate update)
    {
        var report = ProtoMapping.ToReport(update);
        connection.Acknowledge(report.JobId);
        var sent = connection.FindSentJob(report.JobId);
        using var logScope = logger.BeginScope(new JobLogScope(report.JobId, sent?.ServerId, connection.OrgId));
        using var activity = GameOpsTracing.StartActivity("JobUpdate", ActivityKind.Consumer, sent?.TraceParent);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("gameops.job.id", update.JobId);
            activity.SetTag("gameops.job.phase", update.Phase.ToString());
        }

        if (await grains.GetJobGrain(report.JobId).ReportAsync(connection.HostId, report))
        {
            connection.ForgetSentJob(report.JobId);
            connection.Send(new ControlMessage { Ack = new Ack { JobId = update.JobId } });
        }
    }

    // Each server ever narrowed gets its narrowing after every Hello, so a change made while the agent was away reaches
    // it. Lifting one stores an empty narrowing, which is sent too.
    private async Task SendPoliciesAsync(AgentConnection connection, string hostId, AgentHello hello)
    {
        var views = await Task.WhenAll(hello.Servers.Select(server => grains.GetGrain<IGameServerGrain>(GameServerKeys.For(hostId, server.Id)).GetAsync()));
        foreach (var (server, view) in hello.Servers.Zip(views))
        {
            if (view?.RequestedPolicy is { } narrowing)
            {
                await connection.UpdatePolicyAsync(server.Id, narrowing);
            }
        }
    }

    // Join and leave lines may have been missed while the agent was away: each server's players are probed now (and
    // every few minutes on). A players grain that cannot be reached costs a probe, never the agent's stream.
    private async Task ReconcilePlayersAsync(AgentConnection connection, AgentHello hello)
    {
        try
        {
            await Task.WhenAll(hello.Servers.Select(server => grains.GetGrain<IServerPlayersGrain>(GameServerKeys.For(connection.HostId, server.Id))
                .AgentConnectedAsync(connection.OrgId, server.Kind, server.Capabilities.Contains(GameActions.PlayersList))));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogPlayersNotReconciled(logger, exception, connection.HostId);
        }
    }

    private async Task HandlePolicyReportAsync(string hostId, AgentHello hello, PolicyReport report)
    {
        if (!hello.Servers.Any(s => s.Id == report.ServerId))
        {
            LogUndeclaredPolicyServer(logger, hostId, report.ServerId.Length <= 64 ? report.ServerId : report.ServerId[..64]);
            return;
        }

        var effective = PolicyMapping.FromRules(report.Effective ?? new PolicyRules())
            ?? throw new ProtocolViolationException($"The policy report of server {report.ServerId} holds more than {PolicyMapping.MaxEntries} entries in a list.");
        await grains.GetGrain<IGameServerGrain>(GameServerKeys.For(hostId, report.ServerId)).ReportEffectivePolicyAsync(effective);
    }

    private Task HandleLogBatchAsync(AgentHello hello, ConsoleAppendQueue console, LogBatch batch)
    {
        // Ten times a second per server: looked up without a closure.
        GameServerDescriptor? server = null;
        foreach (var declared in hello.Servers)
        {
            if (declared.Id == batch.ServerId)
            {
                server = declared;
                break;
            }
        }

        if (server is null)
        {
            throw new ProtocolViolationException($"log_batch.server_id names a server the Hello did not declare.");
        }

        var lines = ProtoMapping.ToConsoleLines(batch, time.GetUtcNow());
        if (lines.IsEmpty)
        {
            return Task.CompletedTask;
        }

        metrics.LogBatchReceived(server.Kind, lines.Length);
        return console.EnqueueAsync(new ServerLines(server.Id, server.Kind, lines));
    }

    // One queue per stream for all the host's servers: while an append is being stored, the lines that arrive wait and
    // go in the next one, whichever servers they are of.
    private StreamConsole OpenConsole(AgentConnection connection, AgentHello hello)
    {
        var console = consoleIntake.ForHost(connection.HostId, connection.OrgId);
        Action<ReadOnlySpan<ConsoleAck>> acknowledge = acks => metrics.ConsoleAckMessagesSent(connection.SendConsoleAcks(acks));

        // An agent that sends within its window waits for no acknowledgement: its stream gets one an interval, busy or
        // not (docs/adr/0041). Any other agent waits for each, so its acknowledgements are held only while the silo is
        // busy (docs/adr/0037). Which kind of agent it is, is read from the Hello before the stream's first line.
        var window = connection.SendsInAckWindow;
        var interval = window ? consoleOptions.Value.WindowAckInterval : consoleOptions.Value.AckInterval;
        var pacer = interval <= TimeSpan.Zero ? null
            : window ? new ConsoleAckPacer(acknowledge, interval, static () => true, time, metrics.ConsoleAckHeld, perStream: true)
            : new ConsoleAckPacer(acknowledge, interval, load.IsBusy, time, metrics.ConsoleAckHeld);
        var queue = new ConsoleAppendQueue(
            batches =>
            {
                // Lines stream in ten times a second from a busy server: too frequent to trace. The append's awaits carry
                // the suppression on (they capture it with the execution context), so it needs no state machine here.
                using (SuppressInstrumentationScope.Begin())
                {
                    return console.AppendAsync(batches);
                }
            },
            pacer is null ? acknowledge : pacer.Acknowledge,
            exception =>
            {
                LogConsoleNotStored(logger, exception, connection.HostId);
                connection.Abort(DisconnectReason.ConsoleNotStored);
            },
            MaxWaitingConsoleLinesPerServer * Math.Max(1, hello.Servers.Length));
        return new StreamConsole(console, pacer, queue);
    }

    /// <summary>What a stream's console lines go through; its held acknowledgements are dropped with it (docs/adr/0037).</summary>
    private sealed record StreamConsole(ConsoleLineIntake.HostConsole Host, ConsoleAckPacer? Pacer, ConsoleAppendQueue Queue) : IDisposable
    {
        public void Dispose()
        {
            Pacer?.Dispose();
            Host.Dispose();
        }
    }

    // The log line counter gets a series at zero for each game kind an agent declares (no log lines arrive yet).
    private void DeclareLogSources(AgentHello hello)
    {
        foreach (var server in hello.Servers)
        {
            metrics.DeclareLogSource(server.Kind);
        }
    }

    public override async Task<EnrolResponse> Enrol(EnrolRequest request, ServerCallContext context)
    {
        var address = context.GetHttpContext().Connection.RemoteIpAddress;
        RefuseWhileLimited(address);
        if (!EnrolmentTokens.TryReadHostId(request.Token, out var hostId))
        {
            failedAttempts.RecordFailure(Listener.AgentGateway, address, "The enrolment token is malformed.");
            throw new RpcException(new Status(StatusCode.Unauthenticated,
                "The enrolment token is not valid: copy it whole from the install command GameOps showed for the host."));
        }

        var credential = Secrets.NewToken(TokenPrefixes.HostCredential);
        var outcome = await grains.GetHostGrain(hostId).EnrolAsync(new EnrolHost(
            Secrets.Hash(request.Token), Secrets.Hash(credential), new Actor(ActorKind.Agent, hostId, address?.ToString())));
        if (outcome == EnrolmentOutcome.Enrolled)
        {
            return new EnrolResponse { HostId = hostId, Credential = credential };
        }

        failedAttempts.RecordFailure(Listener.AgentGateway, address, $"An enrolment token for host {hostId} was refused: {outcome}.");
        var again = $"Make a new enrolment token for the host (POST /api/v1/hosts/{hostId}/enrolment) and run the install command again.";
        throw new RpcException(new Status(StatusCode.Unauthenticated, outcome switch
        {
            EnrolmentOutcome.Used => "This enrolment token was already used: each token enrols one agent, once. " + again,
            EnrolmentOutcome.Expired => "This enrolment token has expired. " + again,
            _ => "The enrolment token is not valid for any host.",
        }));
    }

    private async Task<(string HostId, byte[] CredentialHash)> AuthenticateAsync(ServerCallContext context)
    {
        var address = context.GetHttpContext().Connection.RemoteIpAddress;
        RefuseWhileLimited(address);

        var hostId = context.RequestHeaders.GetValue(HostIdHeader);
        var authorization = context.RequestHeaders.GetValue("authorization");
        const string bearer = "Bearer ";
        if (hostId is null || !HostRules.IsValidHostId(hostId)
            || authorization is null || !authorization.StartsWith(bearer, StringComparison.OrdinalIgnoreCase)
            || authorization.Length - bearer.Length is 0 or > Secrets.MaxTokenLength)
        {
            failedAttempts.RecordFailure(Listener.AgentGateway, address, "The host id or its credential is missing or malformed.");
            throw new RpcException(new Status(StatusCode.Unauthenticated, $"Send the host id in '{HostIdHeader}' and its credential as 'authorization: Bearer <credential>'."));
        }

        var hash = Secrets.Hash(authorization[bearer.Length..].Trim());
        if (!await grains.GetHostGrain(hostId).VerifyCredentialAsync(hash))
        {
            failedAttempts.RecordFailure(Listener.AgentGateway, address, $"The credential is wrong, or host {hostId} does not exist.");
            throw new RpcException(new Status(StatusCode.Unauthenticated, "The host id or its credential is not valid."));
        }

        return (hostId, hash);
    }

    /// <summary>Refuses an address that failed too often, before its token or credential is even looked at.</summary>
    private void RefuseWhileLimited(System.Net.IPAddress? address)
    {
        if (failedAttempts.RetryAfter(Listener.AgentGateway, address) is { } retryAfter)
        {
            // The pushback trailer of gRPC's retry design (https://github.com/grpc/proposal/blob/master/A6-client-retries.md#pushback).
            var milliseconds = (long)Math.Ceiling(retryAfter.TotalMilliseconds);
            throw new RpcException(
                new Status(StatusCode.ResourceExhausted, $"Too many failed authentication attempts from this address; retry in {Math.Ceiling(retryAfter.TotalSeconds):0} s."),
                new Metadata { { RetryPushbackTrailer, milliseconds.ToString(CultureInfo.InvariantCulture) } });
        }
    }

    private async Task<(AgentHello Hello, IReadOnlyCollection<string> Features)> ReadHelloAsync(IAsyncStreamReader<AgentMessage> requests, string hostId, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(HelloTimeout);
        try
        {
            if (!await ReadNextAsync(requests, timeout.Token))
            {
                throw new RpcException(new Status(StatusCode.InvalidArgument, "The stream ended before its Hello."));
            }

            if (requests.Current.KindCase != AgentMessage.KindOneofCase.Hello)
            {
                throw new RpcException(new Status(StatusCode.InvalidArgument, "The first message on a stream must be Hello."));
            }

            return (ProtoMapping.ToHello(requests.Current.Hello, hostId), requests.Current.Hello.Features);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.DeadlineExceeded, $"No Hello within {HelloTimeout.TotalSeconds:0} seconds of connecting."));
        }
        catch (ProtocolViolationException violation)
        {
            LogViolation(logger, hostId, violation.Message);
            throw new RpcException(new Status(StatusCode.InvalidArgument, violation.Message));
        }
    }

    /// <summary>
    /// The next message from the agent. Bytes that do not parse as an <see cref="AgentMessage"/> surface from the
    /// reader as an <see cref="InvalidProtocolBufferException"/>, which is an <see cref="IOException"/> like a dropped
    /// connection: told apart here, they are the agent's fault and end its stream with InvalidArgument.
    /// </summary>
    private static async Task<bool> ReadNextAsync(IAsyncStreamReader<AgentMessage> requests, CancellationToken cancellationToken)
    {
        try
        {
            return await requests.MoveNext(cancellationToken);
        }
        catch (InvalidProtocolBufferException)
        {
            throw new ProtocolViolationException(NotAnAgentMessage);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Host {HostId} broke the agent protocol: {Problem}")]
    private static partial void LogViolation(ILogger logger, string hostId, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Host {HostId} reported the policy of server {ServerId}, which its Hello did not declare; ignored")]
    private static partial void LogUndeclaredPolicyServer(ILogger logger, string hostId, string serverId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Host {HostId} reported the health of server {ServerId}, which its Hello did not declare; ignored")]
    private static partial void LogUndeclaredServer(ILogger logger, string hostId, string serverId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Host {HostId}: its servers' players were not probed after its Hello; the periodic probe will")]
    private static partial void LogPlayersNotReconciled(ILogger logger, Exception exception, string hostId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Host {HostId}: could not record the end of its stream")]
    private static partial void LogDisconnectFailed(ILogger logger, Exception exception, string hostId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Host {HostId}: console lines could not be stored; its stream is ended so the agent sends them again")]
    private static partial void LogConsoleNotStored(ILogger logger, Exception exception, string hostId);
}

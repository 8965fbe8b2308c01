using GameOps.AgentProtocol;
using GameOps.TestSupport;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;

namespace GameOps.Bench.Agents;

/// <summary>
/// One agent as the gateway sees it: a real gRPC stream with the host's credential, Hello first, heartbeats when
/// told, and every job answered at once (Ack, then SUCCEEDED) by a game that costs nothing.
/// </summary>
public sealed class SimulatedAgent : IAsyncDisposable
{
    // What a real agent's players.list answers for an empty server.
    private const string EmptyPlayers = """{"players":[]}""";

    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private IAgentCall? _call;
    private Task _reader = Task.CompletedTask;
    private long _jobsAnswered;
    private bool _connected;

    // The real agent's batch limit, how late acknowledgements may be before a batch that is not full waits for one
    // (its window), how long it waits then, and how many unacknowledged batches it times.
    private const int MaxBatchLines = 500;
    private const int MaxTrackedBatches = 1024;
    private static readonly TimeSpan AckWindow = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan AckWait = TimeSpan.FromSeconds(5);

    // Per console server: the next line's number, the highest number the silo acknowledged, the lines read and not sent.
    private readonly ulong[] _nextSequence;
    private readonly long[] _acknowledged;
    private readonly ConsoleServer[] _consoles;

    /// <param name="consoleServers">
    /// How many 7 Days to Die servers that send console lines (<see cref="SendLinesAsync"/>) and run no jobs the agent
    /// declares (<c>main</c>, then <c>s2</c>, <c>s3</c>, …); 0 for Source RCON servers that run them.
    /// </param>
    /// <param name="jobServers">Without console servers, how many Source RCON servers the agent declares, named alike.</param>
    public SimulatedAgent(EnrolledHost host, int consoleServers = 0, int jobServers = 1)
    {
        Host = host;
        JobServers = consoleServers > 0 ? 0 : jobServers;
        _nextSequence = Enumerable.Repeat(1UL, consoleServers).ToArray();
        _acknowledged = new long[consoleServers];
        _consoles = [.. Enumerable.Range(0, consoleServers).Select(i => new ConsoleServer(ServerId(i)))];
    }

    public bool Console => _nextSequence.Length > 0;

    /// <summary>The number of the Source RCON servers the agent declares, which run jobs.</summary>
    public int JobServers { get; }

    /// <summary>The number of the console servers the agent declares.</summary>
    public int ConsoleServers => _nextSequence.Length;

    /// <summary>The console lines the silo acknowledged (stored), over all its servers.</summary>
    public long LinesAcknowledged
    {
        get
        {
            long sum = 0;
            for (var i = 0; i < _acknowledged.Length; i++)
            {
                sum += Interlocked.Read(ref _acknowledged[i]);
            }

            return sum;
        }
    }

    /// <summary>The id of the agent's server <paramref name="index"/>: <c>main</c> for the first, as the console viewers read it.</summary>
    public static string ServerId(int index) => index == 0 ? "main" : $"s{index + 1}";

    public EnrolledHost Host { get; }

    public string HostId => Host.Host.Id;

    public long JobsAnswered => Interlocked.Read(ref _jobsAnswered);

    /// <summary>Why the stream ended, if it did.</summary>
    public string? Failure { get; private set; }

    /// <summary>Hello is sent and the stream has not ended: the agent heartbeats.</summary>
    public bool IsConnected => Volatile.Read(ref _connected) && Failure is null;

    /// <summary>Opens the stream on <paramref name="channel"/> and sends Hello; jobs are answered from then on.</summary>
    public Task ConnectAsync(GrpcChannel channel) =>
        ConnectAsync((headers, cancellationToken) => new GrpcAgentCall(new AgentGateway.AgentGatewayClient(channel).Connect(headers, cancellationToken: cancellationToken)));

    /// <summary>Opens the stream on <paramref name="connection"/> and sends Hello; jobs are answered from then on.</summary>
    public Task ConnectAsync(Http2AgentConnection connection) => ConnectAsync((headers, _) => connection.OpenStream(headers));

    private async Task ConnectAsync(Func<Metadata, CancellationToken, IAgentCall> open)
    {
        var headers = new Metadata
        {
            { "x-gameops-host", HostId },
            { "authorization", $"Bearer {Host.Credential}" },
        };
        _call = open(headers, _stopping.Token);
        var hello = new Hello { HostId = HostId, AgentVersion = "bench-1.0", Features = { AgentFeatures.LogAcks, AgentFeatures.LogAckWindow } };
        if (Console)
        {
            hello.Servers.Add(Enumerable.Range(0, ConsoleServers).Select(i => new GameServerInfo { Id = ServerId(i), Name = ServerId(i), Kind = "7dtd-telnet" }));
        }
        else
        {
            hello.Servers.Add(Enumerable.Range(0, JobServers).Select(i => new GameServerInfo { Id = ServerId(i), Name = ServerId(i), Kind = "source-rcon", Capabilities = { "players.list" } }));
        }

        await WriteAsync(new AgentMessage { Hello = hello });
        _reader = ReadAsync(_call);
        Volatile.Write(ref _connected, true);
    }

    /// <summary>Sends one heartbeat stamped with the time it is written; returns that time, or null when not connected.</summary>
    public async Task<DateTime?> HeartbeatAsync()
    {
        if (!IsConnected)
        {
            return null;
        }

        await _writeLock.WaitAsync(_stopping.Token);
        try
        {
            var sentAt = DateTime.UtcNow;
            await _call!.RequestStream.WriteAsync(new AgentMessage
            {
                Heartbeat = new Heartbeat { SentAt = Timestamp.FromDateTime(sentAt), CpuPercent = 3, MemoryUsedBytes = 1UL << 30, MemoryTotalBytes = 4UL << 30 },
            });
            return sentAt;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// Reads <paramref name="count"/> numbered console lines of console server <paramref name="server"/>, each text
    /// starting with the UTC ticks it was read at, so a console viewer can time it; every <paramref name="chatEvery"/>th
    /// line of the server (0: none) is a player's chat line. They leave as the real agent sends them
    /// (<c>ConsoleLogPipeline</c>): at once while the server's oldest unacknowledged batch was sent less than a second
    /// ago (its window, docs/adr/0041), else with the lines read until an acknowledgement arrives (or 5 s pass), in
    /// batches of at most 500. Returns how many chat lines it read, or null when not connected.
    /// </summary>
    public async Task<int?> SendLinesAsync(int server, int count, int chatEvery)
    {
        if (!IsConnected)
        {
            return null;
        }

        var now = DateTime.UtcNow;

        // The lines of one call are read at one instant: they share its timestamp (serialized into each line as before).
        var readAt = Timestamp.FromDateTime(now);
        var chats = 0;
        var console = _consoles[server];
        lock (console)
        {
            for (var i = 0; i < count; i++)
            {
                var sequence = _nextSequence[server]++;
                var chat = chatEvery > 0 && sequence % (ulong)chatEvery == 0;
                chats += chat ? 1 : 0;
                console.Waiting.Add(new LogEntry
                {
                    Sequence = sequence,
                    ReadAt = readAt,
                    Text = chat
                        ? $"{now.Ticks} 120.525 INF Chat (from 'Steam_76561198000000001', entity id '171', to 'Global'): 'Bench player': gg, see you at the trader"
                        : $"{now.Ticks} INF Time: 45.02m FPS: 35.31 Heap: 1234.5MB Max: 1500.0MB Chunks: 120 CGO: 12 Ply: 1 Zom: 3",
                });
            }
        }

        return await SendWaitingAsync(server) ? chats : null;
    }

    // Sends the server's waiting lines unless they make no full batch and its oldest unacknowledged batch is older than
    // the window while its last batch awaits an acknowledgement for less than 5 s: the real agent's rule. False when
    // the stream ended.
    private async Task<bool> SendWaitingAsync(int server)
    {
        await _writeLock.WaitAsync(_stopping.Token);
        try
        {
            while (true)
            {
                var console = _consoles[server];
                LogBatch batch;
                lock (console)
                {
                    var acknowledged = (ulong)Interlocked.Read(ref _acknowledged[server]);
                    while (console.Unacknowledged.TryPeek(out var covered) && covered.LastSequence <= acknowledged)
                    {
                        console.Unacknowledged.Dequeue();
                    }

                    var now = DateTime.UtcNow;
                    var awaiting = console.SentUpTo > acknowledged;
                    var withinWindow = console.Unacknowledged.TryPeek(out var oldest) && now - oldest.SentAt < AckWindow;
                    if (console.Waiting.Count == 0
                        || (awaiting && !withinWindow && console.Waiting.Count < MaxBatchLines && now - console.SentAt < AckWait))
                    {
                        return true;
                    }

                    var take = Math.Min(MaxBatchLines, console.Waiting.Count);
                    batch = new LogBatch { ServerId = console.Id };
                    for (var i = 0; i < take; i++)
                    {
                        batch.Entries.Add(console.Waiting[i]);
                    }

                    console.Waiting.RemoveRange(0, take);
                    console.SentUpTo = batch.Entries[^1].Sequence;
                    console.SentAt = now;
                    if (console.Unacknowledged.Count < MaxTrackedBatches)
                    {
                        console.Unacknowledged.Enqueue((console.SentUpTo, now));
                    }
                }

                await _call!.RequestStream.WriteAsync(new AgentMessage { LogBatch = batch });
            }
        }
        catch (RpcException)
        {
            // The stream ended; the reader records why.
            return false;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        try
        {
            await _reader;
        }
        catch (Exception exception) when (exception is OperationCanceledException or RpcException)
        {
            // Cancelled by us.
        }

        _call?.Dispose();
        _stopping.Dispose();
        _writeLock.Dispose();
    }

    private async Task AcknowledgedAsync(LogAck ack)
    {
        var server = ack.ServerId == "main" ? 0 : int.Parse(ack.ServerId.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture) - 1;
        Interlocked.Exchange(ref _acknowledged[server], (long)ack.Sequence);

        // Lines that waited for this acknowledgement leave now, as the real agent's writer wakes for them.
        bool waiting;
        lock (_consoles[server])
        {
            waiting = _consoles[server].Waiting.Count > 0;
        }

        if (waiting)
        {
            await SendWaitingAsync(server);
        }
    }

    private async Task ReadAsync(IAgentCall call)
    {
        try
        {
            while (await call.ResponseStream.MoveNext(_stopping.Token))
            {
                if (call.ResponseStream.Current.LogAck is { } ack)
                {
                    await AcknowledgedAsync(ack);
                }
                else if (call.ResponseStream.Current.LogAcks is { } acks)
                {
                    foreach (var each in acks.Acks)
                    {
                        await AcknowledgedAsync(each);
                    }
                }
                else if (call.ResponseStream.Current.JobAssignment is { } job)
                {
                    await WriteAsync(new AgentMessage { Ack = new Ack { JobId = job.JobId } });
                    await WriteAsync(new AgentMessage
                    {
                        JobUpdate = new JobUpdate { JobId = job.JobId, Phase = JobPhase.Succeeded, DataJson = EmptyPlayers },
                    });
                    Interlocked.Increment(ref _jobsAnswered);
                }
            }

            Failure ??= "The gateway ended the stream.";
        }
        catch (RpcException exception) when (!_stopping.IsCancellationRequested)
        {
            Failure = $"{exception.StatusCode}: {exception.Status.Detail}";
        }
        catch (Exception exception) when (exception is OperationCanceledException or RpcException && _stopping.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task WriteAsync(AgentMessage message)
    {
        await _writeLock.WaitAsync(_stopping.Token);
        try
        {
            await _call!.RequestStream.WriteAsync(message);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private sealed class ConsoleServer(string id)
    {
        public string Id { get; } = id;

        public List<LogEntry> Waiting { get; } = [];

        public ulong SentUpTo { get; set; }

        public DateTime SentAt { get; set; }

        /// <summary>The batches sent and not acknowledged yet, oldest first: each one's last number and when it was sent.</summary>
        public Queue<(ulong LastSequence, DateTime SentAt)> Unacknowledged { get; } = new();
    }
}

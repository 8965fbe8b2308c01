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
    private AsyncDuplexStreamingCall<AgentMessage, ControlMessage>? _call;
    private Task _reader = Task.CompletedTask;
    private long _jobsAnswered;
    private bool _connected;

    // Per console server: the next line's number and the highest number the silo acknowledged.
    private readonly ulong[] _nextSequence;
    private readonly long[] _acknowledged;

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

    /// <summary>Opens the stream and sends Hello; jobs are answered from then on.</summary>
    public async Task ConnectAsync(GrpcChannel channel)
    {
        var headers = new Metadata
        {
            { "x-gameops-host", HostId },
            { "authorization", $"Bearer {Host.Credential}" },
        };
        _call = new AgentGateway.AgentGatewayClient(channel).Connect(headers, cancellationToken: _stopping.Token);
        var hello = new Hello { HostId = HostId, AgentVersion = "bench-1.0" };
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
    /// Sends <paramref name="count"/> numbered console lines of console server <paramref name="server"/> in one batch,
    /// each text starting with the UTC ticks it was sent at, so a console viewer can time it; every
    /// <paramref name="chatEvery"/>th line of the server (0: none) is a player's chat line. Returns how many chat lines
    /// it sent, or null when not connected.
    /// </summary>
    public async Task<int?> SendLinesAsync(int server, int count, int chatEvery)
    {
        if (!IsConnected)
        {
            return null;
        }

        await _writeLock.WaitAsync(_stopping.Token);
        try
        {
            var now = DateTime.UtcNow;
            var batch = new LogBatch { ServerId = ServerId(server) };
            var chats = 0;
            for (var i = 0; i < count; i++)
            {
                var sequence = _nextSequence[server]++;
                var chat = chatEvery > 0 && sequence % (ulong)chatEvery == 0;
                chats += chat ? 1 : 0;
                batch.Entries.Add(new LogEntry
                {
                    Sequence = sequence,
                    ReadAt = Timestamp.FromDateTime(now),
                    Text = chat
                        ? $"{now.Ticks} 120.525 INF Chat (from 'Steam_76561198000000001', entity id '171', to 'Global'): 'Bench player': gg, see you at the trader"
                        : $"{now.Ticks} INF Time: 45.02m FPS: 35.31 Heap: 1234.5MB Max: 1500.0MB Chunks: 120 CGO: 12 Ply: 1 Zom: 3",
                });
            }

            await _call!.RequestStream.WriteAsync(new AgentMessage { LogBatch = batch });
            return chats;
        }
        catch (RpcException)
        {
            // The stream ended; the reader records why.
            return null;
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

    private async Task ReadAsync(AsyncDuplexStreamingCall<AgentMessage, ControlMessage> call)
    {
        try
        {
            while (await call.ResponseStream.MoveNext(_stopping.Token))
            {
                if (call.ResponseStream.Current.LogAck is { } ack)
                {
                    var server = ack.ServerId == "main" ? 0 : int.Parse(ack.ServerId.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture) - 1;
                    Interlocked.Exchange(ref _acknowledged[server], (long)ack.Sequence);
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
}

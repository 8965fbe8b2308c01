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
    private ulong _nextSequence = 1;
    private long _acknowledged;

    /// <param name="console">A 7 Days to Die server that sends console lines (<see cref="SendLinesAsync"/>) and runs no jobs, rather than a Source RCON server that runs them.</param>
    public SimulatedAgent(NewHost host, bool console = false)
    {
        Host = host;
        Console = console;
    }

    public bool Console { get; }

    /// <summary>The highest console line number the silo acknowledged (stored).</summary>
    public long LinesAcknowledged => Interlocked.Read(ref _acknowledged);

    public NewHost Host { get; }

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
        hello.Servers.Add(Console
            ? new GameServerInfo { Id = "main", Name = "Main", Kind = "7dtd-telnet" }
            : new GameServerInfo { Id = "main", Name = "Main", Kind = "source-rcon", Capabilities = { "players.list" } });
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
    /// Sends <paramref name="count"/> numbered console lines in one batch, each text starting with the UTC ticks it was
    /// sent at, so a console viewer can time it; false when not connected.
    /// </summary>
    public async Task<bool> SendLinesAsync(int count)
    {
        if (!IsConnected)
        {
            return false;
        }

        await _writeLock.WaitAsync(_stopping.Token);
        try
        {
            var now = DateTime.UtcNow;
            var batch = new LogBatch { ServerId = "main" };
            for (var i = 0; i < count; i++)
            {
                batch.Entries.Add(new LogEntry
                {
                    Sequence = _nextSequence++,
                    ReadAt = Timestamp.FromDateTime(now),
                    Text = $"{now.Ticks} INF Time: 45.02m FPS: 35.31 Heap: 1234.5MB Max: 1500.0MB Chunks: 120 CGO: 12 Ply: 1 Zom: 3",
                });
            }

            await _call!.RequestStream.WriteAsync(new AgentMessage { LogBatch = batch });
            return true;
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

    private async Task ReadAsync(AsyncDuplexStreamingCall<AgentMessage, ControlMessage> call)
    {
        try
        {
            while (await call.ResponseStream.MoveNext(_stopping.Token))
            {
                if (call.ResponseStream.Current.LogAck is { } ack)
                {
                    Interlocked.Exchange(ref _acknowledged, (long)ack.Sequence);
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

using System.Text.Json;
using GameOps.Bench.Agents;
using GameOps.Bench.Measurement;

namespace GameOps.Bench.Jobs;

/// <summary>
/// Console traffic beside a job run: every server of every agent of a console fleet sends its lines per second in a
/// batch every 100 ms as the real agent batches them, spread over ten 10 ms slices (the servers of one agent in
/// different slices, as the agent's batchers run on their own); viewers of <c>GET …/servers/main/console</c> (one
/// server each) time every line from the ticks it carries to its arrival.
/// </summary>
internal sealed class ConsoleLoad : IAsyncDisposable
{
    private const int Slices = 10;

    private readonly AgentFleet _fleet;
    private readonly ConsoleTraffic _traffic;
    private readonly int _linesPerBatch;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _readers = [];
    private readonly LatencyHistogram _delivery = new();
    private readonly Lock _gate = new();
    private Task _sending = Task.CompletedTask;
    private bool _recording;
    private bool _paused;
    private long _sendFailures;
    private long _chatLinesRecorded;

    private ConsoleLoad(AgentFleet fleet, ConsoleTraffic traffic)
    {
        _fleet = fleet;
        _traffic = traffic;
        _linesPerBatch = Math.Max(1, traffic.LinesPerSecond / 10);
    }

    public long SendFailures => Interlocked.Read(ref _sendFailures);

    /// <summary>Chat lines sent since <see cref="StartRecording"/>.</summary>
    public long ChatLinesRecorded => Interlocked.Read(ref _chatLinesRecorded);

    public long LinesAcknowledged => _fleet.Agents.Sum(agent => agent.LinesAcknowledged);

    public long LinesTimed
    {
        get
        {
            lock (_gate)
            {
                return _delivery.Count;
            }
        }
    }

    public static async Task<ConsoleLoad> StartAsync(AgentFleet fleet, HttpClient client, ConsoleTraffic traffic)
    {
        var load = new ConsoleLoad(fleet, traffic);
        var subscribed = new List<Task>();
        foreach (var agent in fleet.Agents.Take(traffic.Viewers))
        {
            var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            subscribed.Add(ready.Task);
            load._readers.Add(Task.Run(() => load.ReadAsync(client, agent.HostId, ready)));
        }

        await Task.WhenAll(subscribed).WaitAsync(TimeSpan.FromSeconds(120));
        load._sending = Task.Run(load.SendAsync);
        return load;
    }

    public void StartRecording() => Volatile.Write(ref _recording, true);

    /// <summary>Stops or resumes the lines; the agents stay connected and the viewers subscribed.</summary>
    public void SetSending(bool sending) => Volatile.Write(ref _paused, !sending);

    public double DeliveryPercentileMilliseconds(double quantile)
    {
        lock (_gate)
        {
            return _delivery.PercentileMilliseconds(quantile);
        }
    }

    private async Task SendAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100.0 / Slices));
        var slice = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                var current = slice;
                slice = (slice + 1) % Slices;
                if (Volatile.Read(ref _paused))
                {
                    continue;
                }

                var recording = Volatile.Read(ref _recording);
                var sends = new List<Task<int?>>();
                for (var server = 0; server < _traffic.ServersPerAgent; server++)
                {
                    // Server k of agent i sends in slice (i + k × Slices / servers) mod Slices.
                    var first = ((current - (server * Slices / _traffic.ServersPerAgent)) % Slices + Slices) % Slices;
                    for (var i = first; i < _fleet.Agents.Length; i += Slices)
                    {
                        sends.Add(_fleet.Agents[i].SendLinesAsync(server, _linesPerBatch, _traffic.ChatEvery));
                    }
                }

                foreach (var chats in await Task.WhenAll(sends))
                {
                    if (chats is null)
                    {
                        Interlocked.Increment(ref _sendFailures);
                    }
                    else if (recording)
                    {
                        Interlocked.Add(ref _chatLinesRecorded, chats.Value);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    private async Task ReadAsync(HttpClient client, string hostId, TaskCompletionSource ready)
    {
        try
        {
            await using var stream = await client.GetStreamAsync($"/api/v1/hosts/{hostId}/servers/main/console", _stop.Token);
            using var reader = new StreamReader(stream);
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                if (line.StartsWith(": subscribed", StringComparison.Ordinal))
                {
                    ready.TrySetResult();
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal) && Volatile.Read(ref _recording))
                {
                    var arrived = DateTime.UtcNow.Ticks;
                    using var data = JsonDocument.Parse(line.AsMemory(6));
                    if (data.RootElement.TryGetProperty("text", out var text) && text.GetString() is { } content
                        && long.TryParse(content.AsSpan(0, Math.Max(0, content.IndexOf(' '))), out var sentTicks))
                    {
                        lock (_gate)
                        {
                            _delivery.Record(Math.Max(0, (arrived - sentTicks) / 10));
                        }
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            ready.TrySetException(e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sending;
        await Task.WhenAll(_readers);
        _stop.Dispose();
    }
}

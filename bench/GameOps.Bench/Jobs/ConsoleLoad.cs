using System.Text.Json;
using GameOps.Bench.Agents;
using GameOps.Bench.Measurement;

namespace GameOps.Bench.Jobs;

/// <summary>
/// Console traffic beside a job run: every agent of a console fleet sends <c>linesPerSecond</c> lines, in a batch
/// every 100 ms as the real agent batches them, the fleet spread over ten 10 ms slices; <c>viewers</c> clients of
/// <c>GET …/servers/main/console</c> (one server each) time every line from the ticks it carries to its arrival.
/// </summary>
internal sealed class ConsoleLoad : IAsyncDisposable
{
    private const int Slices = 10;

    private readonly AgentFleet _fleet;
    private readonly int _linesPerBatch;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _readers = [];
    private readonly LatencyHistogram _delivery = new();
    private readonly Lock _gate = new();
    private Task _sending = Task.CompletedTask;
    private bool _recording;
    private long _sendFailures;

    private ConsoleLoad(AgentFleet fleet, int linesPerSecond)
    {
        _fleet = fleet;
        _linesPerBatch = Math.Max(1, linesPerSecond / 10);
    }

    public long SendFailures => Interlocked.Read(ref _sendFailures);

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

    public static async Task<ConsoleLoad> StartAsync(AgentFleet fleet, HttpClient client, int linesPerSecond, int viewers)
    {
        var load = new ConsoleLoad(fleet, linesPerSecond);
        var subscribed = new List<Task>();
        foreach (var agent in fleet.Agents.Take(viewers))
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
                var sends = new List<Task<bool>>();
                for (var i = current; i < _fleet.Agents.Length; i += Slices)
                {
                    sends.Add(_fleet.Agents[i].SendLinesAsync(_linesPerBatch));
                }

                foreach (var sent in await Task.WhenAll(sends))
                {
                    if (!sent)
                    {
                        Interlocked.Increment(ref _sendFailures);
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

using System.Diagnostics;

namespace GameOps.Bench.Measurement;

/// <summary>
/// C callers, each issuing one operation, waiting for its answer and issuing the next (a closed loop): first for a
/// warm-up that is not recorded, then for the measured window. Only operations that finish inside the window count.
/// </summary>
public static class ClosedLoopDriver
{
    /// <param name="callers">How many operations are in flight at once.</param>
    /// <param name="createCaller">Makes caller i's operation; the operation returns false when its answer was wrong.</param>
    /// <param name="onMeasuring">Called once when the warm-up ends, to start CPU and other counters.</param>
    /// <param name="perCallerInterval">
    /// When set, each caller starts an operation at most once per interval (a fixed offered rate while the system keeps up,
    /// a closed loop when it does not); the wait is not part of an operation's latency.
    /// </param>
    /// <param name="completed">Counts every operation answered right, warm-up included, for windows read while the run goes on.</param>
    public static async Task<DriverResult> RunAsync(
        int callers,
        Func<int, Func<CancellationToken, ValueTask<bool>>> createCaller,
        TimeSpan warmUp,
        TimeSpan duration,
        Action? onMeasuring = null,
        TimeSpan? perCallerInterval = null,
        OperationCount? completed = null)
    {
        using var stop = new CancellationTokenSource();
        var measuring = 0;
        var histograms = new LatencyHistogram[callers];
        var failures = new long[callers];
        var errors = new string?[callers];
        var tasks = new Task[callers];
        for (var i = 0; i < callers; i++)
        {
            var index = i;
            var operation = createCaller(index);
            histograms[index] = new LatencyHistogram();
            tasks[index] = Task.Run(async () =>
            {
                var histogram = histograms[index];
                using var pace = perCallerInterval is { } interval ? new PeriodicTimer(interval) : null;
                while (!stop.IsCancellationRequested)
                {
                    if (pace is not null)
                    {
                        try
                        {
                            await pace.WaitForNextTickAsync(stop.Token);
                        }
                        catch (OperationCanceledException)
                        {
                            return;
                        }
                    }

                    var start = Stopwatch.GetTimestamp();
                    bool ok;
                    try
                    {
                        ok = await operation(stop.Token);
                    }
                    catch (Exception) when (stop.IsCancellationRequested)
                    {
                        // Stopping cancels whatever was in flight, however the client reports it.
                        return;
                    }
                    catch (Exception exception) when (exception is HttpRequestException or IOException or TaskCanceledException or Grpc.Core.RpcException)
                    {
                        errors[index] ??= exception.Message;
                        ok = false;
                    }

                    var end = Stopwatch.GetTimestamp();
                    if (ok)
                    {
                        completed?.Increment();
                    }

                    if (Volatile.Read(ref measuring) == 1 && !stop.IsCancellationRequested)
                    {
                        if (ok)
                        {
                            histogram.RecordElapsed(start, end);
                        }
                        else
                        {
                            failures[index]++;
                        }
                    }
                }
            });
        }

        await Task.Delay(warmUp);
        onMeasuring?.Invoke();
        var windowStart = Stopwatch.GetTimestamp();
        Volatile.Write(ref measuring, 1);
        await Task.Delay(duration);
        Volatile.Write(ref measuring, 2);
        var seconds = Stopwatch.GetElapsedTime(windowStart).TotalSeconds;
        await stop.CancelAsync();
        await Task.WhenAll(tasks);

        var merged = new LatencyHistogram();
        foreach (var histogram in histograms)
        {
            merged.Add(histogram);
        }

        return new DriverResult(merged, failures.Sum(), seconds, errors.FirstOrDefault(e => e is not null));
    }
}

/// <summary>Operations counted while a run goes on, read by whoever times windows inside it.</summary>
public sealed class OperationCount
{
    private long _value;

    public long Value => Interlocked.Read(ref _value);

    public void Increment() => Interlocked.Increment(ref _value);
}

/// <summary>What the callers saw in the measured window.</summary>
public sealed record DriverResult(LatencyHistogram Latency, long Failures, double Seconds, string? FirstError)
{
    public double PerSecond => Seconds > 0 ? Latency.Count / Seconds : 0;
}

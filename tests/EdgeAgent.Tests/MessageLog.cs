using System.Diagnostics;

namespace GameOps.EdgeAgent.Tests;

/// <summary>A thread-safe list that tests can wait on: items arrive from servers and hosted services.</summary>
public sealed class MessageLog<T>
{
    public static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(10);

    private readonly Lock _lock = new();
    private readonly List<T> _items = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _items.Count;
            }
        }
    }

    public void Add(T item)
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            _items.Add(item);
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    public IReadOnlyList<T> Snapshot()
    {
        lock (_lock)
        {
            return [.. _items];
        }
    }

    /// <summary>The first item matching <paramref name="predicate"/>, waiting for it at most <paramref name="timeout"/>.</summary>
    public async Task<T> WaitForAsync(Func<T, bool> predicate, string what, TimeSpan? timeout = null)
    {
        var items = await WaitForCountAsync(predicate, 1, what, timeout);
        return items[0];
    }

    /// <summary>The first <paramref name="count"/> items matching <paramref name="predicate"/>, waiting at most <paramref name="timeout"/>.</summary>
    public async Task<IReadOnlyList<T>> WaitForCountAsync(Func<T, bool> predicate, int count, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultWait;
        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                var matches = _items.Where(predicate).Take(count).ToList();
                if (matches.Count == count)
                {
                    return matches;
                }

                changed = _changed.Task;
            }

            var remaining = limit - stopwatch.Elapsed;
            try
            {
                if (remaining <= TimeSpan.Zero)
                {
                    throw new TimeoutException();
                }

                await changed.WaitAsync(remaining);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException(
                    $"Waited {limit.TotalSeconds:0.#} s for {what}; saw {Count} items: " + string.Join(" | ", Snapshot().TakeLast(20)));
            }
        }
    }
}

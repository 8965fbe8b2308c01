namespace GameOps.Silo.Gateway;

/// <summary>
/// Whether this silo is short of CPU: its thread pool's queue (work items waiting for a thread: grain turns, stream
/// reads and writes, continuations) holds at least <c>busyQueueLength</c>. Looked at no more than once per
/// <see cref="SampleInterval"/>, so asking costs a clock read; an idle silo's queue is about empty.
/// </summary>
public sealed class ThreadPoolLoad(TimeProvider time, int busyQueueLength, Func<long>? queueLength = null)
{
    /// <summary>How long one look at the queue stands.</summary>
    public static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(50);

    private readonly Func<long> _queueLength = queueLength ?? (static () => ThreadPool.PendingWorkItemCount);
    private long _sampledAt = long.MinValue;
    private volatile bool _busy;

    public bool IsBusy()
    {
        var now = time.GetTimestamp();
        var sampledAt = Volatile.Read(ref _sampledAt);
        if (sampledAt != long.MinValue && time.GetElapsedTime(sampledAt, now) < SampleInterval)
        {
            return _busy;
        }

        // Two callers may both look: either answer is as good.
        _busy = _queueLength() >= busyQueueLength;
        Volatile.Write(ref _sampledAt, now);
        return _busy;
    }
}

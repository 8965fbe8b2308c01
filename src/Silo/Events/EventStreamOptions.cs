using System.ComponentModel.DataAnnotations;

namespace GameOps.Silo.Events;

/// <summary>The org event streams and their Server-Sent Events endpoint.</summary>
public sealed class EventStreamOptions
{
    public const string Section = "GameOps:Events";

    /// <summary>Which Orleans stream provider carries org events.</summary>
    public EventStreamProvider Provider { get; set; } = EventStreamProvider.Memory;

    /// <summary>How often the memory stream provider looks for new events in each of its queues: the most an event waits there.</summary>
    [Range(typeof(TimeSpan), "00:00:00.005", "00:00:01", ErrorMessage = "GameOps:Events:PollPeriod must be between 5 ms and 1 s.")]
    public TimeSpan PollPeriod { get; set; } = TimeSpan.FromMilliseconds(25);

    /// <summary>
    /// How many queued messages the memory stream provider hands a subscriber in one delivery: each delivery is a call
    /// the provider waits for before the next, so one message per call could not keep up with a busy org.
    /// </summary>
    [Range(1, 10_000, ErrorMessage = "GameOps:Events:DeliveryBatchSize must be between 1 and 10000.")]
    public int DeliveryBatchSize { get; set; } = 256;

    /// <summary>How often an idle SSE connection gets a comment line, so proxies and browsers keep it open.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00", ErrorMessage = "GameOps:Events:KeepAliveInterval must be between 10 ms and 10 minutes.")]
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How many events wait for one slow SSE client before its newest are dropped (it then gets a gap notice).</summary>
    [Range(1, 100_000, ErrorMessage = "GameOps:Events:ViewerQueueCapacity must be between 1 and 100000.")]
    public int ViewerQueueCapacity { get; set; } = 1024;
}

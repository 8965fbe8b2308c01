namespace GameOps.Silo.Events;

/// <summary>The kinds of stream provider an org's events can travel on.</summary>
public enum EventStreamProvider
{
    /// <summary>
    /// Orleans memory streams: in-process queues, delivered across the silos of one cluster, lost with the silo that
    /// holds a queue (events only notify, so nothing but a notification is lost).
    /// </summary>
    Memory = 0,
}

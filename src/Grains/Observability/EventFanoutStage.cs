namespace GameOps.Grains.Observability;

/// <summary>How far an org event has gone on its way to a silo's SSE clients, for <c>gameops.events.fanout.lag</c>.</summary>
public enum EventFanoutStage
{
    /// <summary>The silo's fan-out received it from the stream.</summary>
    Received = 0,

    /// <summary>The first of its clients on the silo had it written to its response.</summary>
    FirstClient = 1,

    /// <summary>The last of them did.</summary>
    LastClient = 2,
}

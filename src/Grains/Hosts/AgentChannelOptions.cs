using System.ComponentModel.DataAnnotations;

namespace GameOps.Grains.Hosts;

/// <summary>How hosts and their agents keep in touch; bound from <c>GameOps:Agents</c>.</summary>
public sealed class AgentChannelOptions
{
    public const string Section = "GameOps:Agents";

    /// <summary>A host whose heartbeats stop for this long is Offline (3 missed 5-second heartbeats).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "GameOps:Agents:HeartbeatTimeout must be between 1 second and 1 hour.")]
    public TimeSpan HeartbeatTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How often agents heartbeat, as <see cref="HeartbeatTimeout"/> assumes (three missed beats). A stream silent
    /// for longer may be replaced by a new stream of its host; one that is not refuses the new stream.
    /// </summary>
    public TimeSpan HeartbeatInterval => HeartbeatTimeout / 3;

    /// <summary>
    /// How often, at least, the gateway passes an agent's heartbeat on to its host grain: every third one at the defaults.
    /// In between the heartbeat costs no grain call; the gateway's sweeper ends a stream that goes silent by itself
    /// (<see cref="HeartbeatTimeout"/>), so the host hears of it at once.
    /// </summary>
    public TimeSpan HostHeartbeatRefresh => HeartbeatTimeout - HeartbeatInterval / 2;

    /// <summary>
    /// How long a host grain that hears nothing from its agent's stream waits before it calls the host Offline on its
    /// own (the stream's gateway silo went away, or a reactivated grain's agent did not come back): a live stream passes
    /// a heartbeat on at least every <see cref="HostHeartbeatRefresh"/> plus one heartbeat interval.
    /// </summary>
    public TimeSpan HostSilenceLimit => HeartbeatTimeout * 2;

    /// <summary>
    /// A host shows a conflict (a second agent stream refused) until none has been refused for this long: twice the
    /// longest wait of a refused agent (30 s) before it tries again.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "GameOps:Agents:ConflictClearAfter must be between 1 second and 1 hour.")]
    public TimeSpan ConflictClearAfter { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A job sent to a connected agent and not acknowledged within this time is sent again on the same stream.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00", ErrorMessage = "GameOps:Agents:AckTimeout must be between 1 second and 10 minutes.")]
    public TimeSpan AckTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Jobs that may wait for an offline host.</summary>
    [Range(1, 100_000, ErrorMessage = "GameOps:Agents:MaxQueuedJobs must be between 1 and 100000.")]
    public int MaxQueuedJobs { get; set; } = 1000;

    /// <summary>How long a job waits for an offline host before it expires unsent.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00", ErrorMessage = "GameOps:Agents:QueueTimeout must be between 1 second and 7 days.")]
    public TimeSpan QueueTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long past its deadline a job an agent holds waits for the agent's report before the control plane times it
    /// out in its own words: the agent enforces the same deadline, and its report has to travel.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00", ErrorMessage = "GameOps:Agents:AgentResultGrace must be between 1 second and 5 minutes.")]
    public TimeSpan AgentResultGrace { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often a host with work outstanding checks for expired jobs and a silent agent.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00", ErrorMessage = "GameOps:Agents:MaintenancePeriod must be between 100 ms and 1 minute.")]
    public TimeSpan MaintenancePeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long an enrolment token made by "add host" (or a re-enrolment) may be exchanged for the host's credential.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00", ErrorMessage = "GameOps:Agents:EnrolmentTokenLifetime must be between 1 minute and 7 days.")]
    public TimeSpan EnrolmentTokenLifetime { get; set; } = TimeSpan.FromHours(1);
}

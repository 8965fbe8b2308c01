using System.ComponentModel.DataAnnotations;

namespace GameOps.Grains.Players;

/// <summary>How the control plane checks who is online; bound from <c>GameOps:Players</c>.</summary>
public sealed class PlayersOptions
{
    public const string Section = "GameOps:Players";

    /// <summary>Whether servers that can list their players are probed at all (after each agent Hello and every <see cref="ProbeInterval"/>).</summary>
    public bool Probe { get; set; } = true;

    /// <summary>How often each server that can list its players is probed with <c>players.list</c> (a reminder: at least a minute).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00", ErrorMessage = "GameOps:Players:ProbeInterval must be between 00:01:00 and 1.00:00:00.")]
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The probe after an agent's Hello waits a random time below this: after a silo restart thousands of agents say
    /// hello within seconds, and their probes are spread over this time rather than queued at once. Zero probes at once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00", ErrorMessage = "GameOps:Players:ProbeAfterConnectSpread must be between 00:00:00 and 00:10:00.")]
    public TimeSpan ProbeAfterConnectSpread { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a probe job may take before it is given up (its job times out).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00", ErrorMessage = "GameOps:Players:ProbeTimeout must be between 00:00:01 and 00:05:00.")]
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a probe job is looked at until it has finished.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00", ErrorMessage = "GameOps:Players:ProbeResultPoll must be between 00:00:00.010 and 00:01:00.")]
    public TimeSpan ProbeResultPoll { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Sessions that ended longer ago than this are deleted; open sessions are kept however old.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00", ErrorMessage = "GameOps:Players:SessionRetention must be between 1 day and 3650 days.")]
    public TimeSpan SessionRetention { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How often each silo deletes the sessions that have passed <see cref="SessionRetention"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "GameOps:Players:SessionSweepInterval must be between 1 second and 1 day.")]
    public TimeSpan SessionSweepInterval { get; set; } = TimeSpan.FromHours(1);
}

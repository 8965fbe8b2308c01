namespace GameOps.Grains.Orgs;

/// <summary>
/// An org's hosts with their status, last heartbeat and game servers' health, keyed by org id: kept current from the
/// org's event stream, and read from the hosts and servers themselves when it activates and on each reconcile. Lists an
/// org's hosts in one call, without waking every host grain.
/// </summary>
[Alias("GameOps.IOrgSummaryGrain")]
public interface IOrgSummaryGrain : IGrainWithStringKey
{
    /// <summary>Every host of the org, in the order they were registered.</summary>
    [Alias("ListHosts")]
    Task<IReadOnlyList<HostSummary>> ListHostsAsync();

    /// <summary>Reads every host and game server of the org again, for what a lost event left out; runs on a timer too.</summary>
    [Alias("Reconcile")]
    Task ReconcileAsync();
}

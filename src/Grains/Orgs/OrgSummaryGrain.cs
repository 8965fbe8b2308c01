using System.Collections.Immutable;
using GameOps.Grains.Alerts;
using GameOps.Grains.Events;
using GameOps.Grains.GameServers;
using GameOps.Grains.Hosts;
using GameOps.Grains.Observability;
using Microsoft.Extensions.Options;
using Orleans.Streams;

namespace GameOps.Grains.Orgs;

/// <summary>
/// The org's hosts and game servers as its event stream tells them, held in memory: an activation reads them all
/// once from the hosts and servers, and again every reconcile period for what a lost event left out. Each change
/// keeps the newer of what it knew and what it hears (by the time the change happened), whichever arrives first.
/// </summary>
[ImplicitStreamSubscription(OrgEventStreams.StateNamespace)]
public sealed class OrgSummaryGrain(IGrainFactory grains, GameOpsMetrics metrics, IOptions<AlertOptions> options) : Grain, IOrgSummaryGrain
{
    private readonly Dictionary<string, HostSummary> _hosts = new(StringComparer.Ordinal);

    private string OrgId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await this.GetStreamProvider(OrgEventStreams.ProviderName)
            .GetStream<OrgEvent>(OrgEventStreams.StateFor(OrgId))
            .SubscribeAsync(OnEventAsync);
        await ReconcileAsync();
        var period = options.Value.ReconcilePeriod;
        this.RegisterGrainTimer(ReconcileAsync, new GrainTimerCreationOptions(period, period));
    }

    public async Task<IReadOnlyList<HostSummary>> ListHostsAsync()
    {
        // The org's own list is the one the API's registration waits for, so a host is listed as soon as it is created.
        var hostIds = await grains.GetGrain<IOrgGrain>(OrgId).ListHostIdsAsync();
        var unknown = hostIds.Where(id => !_hosts.ContainsKey(id)).ToArray();
        if (unknown.Length > 0)
        {
            await ReadAsync(unknown);
        }

        return [.. hostIds.Select(Find).OfType<HostSummary>()];
    }

    public async Task ReconcileAsync() => await ReadAsync(await grains.GetGrain<IOrgGrain>(OrgId).ListHostIdsAsync());

    private async Task ReadAsync(IEnumerable<string> hostIds)
    {
        var hosts = await Task.WhenAll(hostIds.Select(async id =>
        {
            var host = await grains.GetHostGrain(id).GetAsync();
            var servers = host is null
                ? []
                : await Task.WhenAll(host.Servers.Select(s => grains.GetGrain<IGameServerGrain>(GameServerKeys.For(id, s.Id)).GetAsync()));
            return (Host: host, Servers: servers);
        }));

        foreach (var (host, servers) in hosts)
        {
            if (host is null || host.OrgId != OrgId)
            {
                continue;
            }

            var known = Find(host.Id);
            var summary = known is null || host.StatusChangedAt >= known.StatusChangedAt
                ? new HostSummary(host.Id, host.Name, host.Status, host.StatusReason, host.StatusChangedAt, Latest(known?.LastHeartbeatAt, host.LastHeartbeatAt), [])
                : known with { LastHeartbeatAt = Latest(known.LastHeartbeatAt, host.LastHeartbeatAt) };
            var declared = servers.OfType<GameServerView>().Select(server =>
            {
                var heard = known?.Servers.FirstOrDefault(s => s.ServerId == server.ServerId);
                return heard is not null && heard.HealthChangedAt > server.HealthChangedAt
                    ? heard
                    : new ServerSummary(server.ServerId, server.Name, server.Health, server.HealthDetail, server.HealthChangedAt);
            });
            Put(summary with { Servers = [.. declared] });
        }
    }

    private Task OnEventAsync(OrgEvent orgEvent, StreamSequenceToken? token)
    {
        metrics.OrgEventDelivered("summary", orgEvent.Kind);
        switch (orgEvent)
        {
            case HostStatusChanged e:
                var known = Find(e.HostId);
                if (known is null || e.At >= known.StatusChangedAt)
                {
                    var heartbeat = e.Status == HostStatus.Online ? Latest(known?.LastHeartbeatAt, e.At) : known?.LastHeartbeatAt;
                    Put(new HostSummary(e.HostId, e.HostName, e.Status, e.Reason, e.At, heartbeat, known?.Servers ?? []));
                }

                break;
            case HostMetricsReported e when Find(e.HostId) is { } host:
                Put(host with { LastHeartbeatAt = Latest(host.LastHeartbeatAt, e.At) });
                break;
            case GameServerHealthChanged e when Find(e.HostId) is { } host:
                var index = host.Servers.IndexOf(host.Servers.FirstOrDefault(s => s.ServerId == e.ServerId)!);
                if (index < 0 || !(host.Servers[index].HealthChangedAt > e.At))
                {
                    var server = new ServerSummary(e.ServerId, e.ServerName, e.Health, e.Detail, e.At);
                    Put(host with { Servers = index < 0 ? host.Servers.Add(server) : host.Servers.SetItem(index, server) });
                }

                break;
        }

        return Task.CompletedTask;
    }

    private HostSummary? Find(string hostId) => _hosts.GetValueOrDefault(hostId);

    private void Put(HostSummary host) => _hosts[host.Id] = host;

    private static DateTimeOffset? Latest(DateTimeOffset? a, DateTimeOffset? b) => a > b || b is null ? a : b;
}

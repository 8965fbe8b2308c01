using System.Collections.Immutable;
using GameOps.Grains.Events;

namespace GameOps.Web.Hosts;

/// <summary>
/// The hosts a page shows, kept current by the org's events. Events only notify, so a snapshot read after subscribing
/// is the truth; events that arrive while it is being read are held and applied over it, which is safe because each
/// carries the new state whole (a status, a health), not a change to add.
/// </summary>
public sealed class HostBoard
{
    private readonly List<OrgEvent> _heldWhileLoading = [];
    private bool _loading = true;

    public ImmutableList<HostRow> Hosts { get; private set; } = [];

    /// <summary>True until the first snapshot is in.</summary>
    public bool IsLoading { get; private set; } = true;

    /// <summary>A snapshot is about to be read: events from now on are held until it is in.</summary>
    public void BeginLoad() => _loading = true;

    public void EndLoad(IEnumerable<HostRow> snapshot)
    {
        Hosts = [.. snapshot];
        _loading = false;
        IsLoading = false;
        foreach (var held in _heldWhileLoading)
        {
            Apply(held);
        }

        _heldWhileLoading.Clear();
    }

    /// <summary>Applies an event; true when it changed what the board shows.</summary>
    public bool Apply(OrgEvent orgEvent)
    {
        if (orgEvent is not (HostStatusChanged or HostMetricsReported or GameServerHealthChanged))
        {
            return false;
        }

        if (_loading)
        {
            _heldWhileLoading.Add(orgEvent);
            return false;
        }

        switch (orgEvent)
        {
            case HostStatusChanged changed:
                Upsert(changed.HostId, host => host with { Name = changed.HostName, Status = changed.Status, StatusReason = changed.Reason },
                    () => new HostRow(changed.HostId, changed.HostName, changed.Status, changed.Reason, null, []));
                return true;
            case HostMetricsReported metrics:
                return Update(metrics.HostId, host => host with { LastHeartbeatAt = Later(host.LastHeartbeatAt, metrics.At) });
            case GameServerHealthChanged health:
                return Update(health.HostId, host => host with { Servers = WithServer(host.Servers, new ServerRow(health.ServerId, health.ServerName, health.Health, health.Detail)) });
            default:
                return false;
        }
    }

    private void Upsert(string hostId, Func<HostRow, HostRow> change, Func<HostRow> create)
    {
        if (!Update(hostId, change))
        {
            Hosts = Hosts.Add(create());
        }
    }

    private bool Update(string hostId, Func<HostRow, HostRow> change)
    {
        var index = Hosts.FindIndex(h => h.Id == hostId);
        if (index < 0)
        {
            return false;
        }

        Hosts = Hosts.SetItem(index, change(Hosts[index]));
        return true;
    }

    private static ImmutableArray<ServerRow> WithServer(ImmutableArray<ServerRow> servers, ServerRow server)
    {
        for (var i = 0; i < servers.Length; i++)
        {
            if (servers[i].Id == server.Id)
            {
                return servers.SetItem(i, server);
            }
        }

        return servers.Add(server);
    }

    private static DateTimeOffset Later(DateTimeOffset? known, DateTimeOffset at) => known is { } k && k > at ? k : at;
}

using System.Collections.Immutable;
using GameOps.Grains.Events;
using GameOps.Grains.Hosts;

namespace GameOps.Web.Hosts;

/// <summary>
/// The hosts a page shows, kept current by the org's events. Events only notify, so a snapshot read after subscribing
/// is the truth; events that arrive while it is being read are held and applied over it, which is safe because each
/// carries the new state whole (a status, a health), not a change to add.
/// </summary>
public sealed class HostBoard
{
    /// <summary>Hosts a page of the list shows: every row of a large org (chips, tooltips, charts) would make the first render slow and heavy.</summary>
    public const int PageSize = 25;

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
        if (orgEvent is not (HostStatusChanged or HostAgentVersionChanged or HostMetricsReported or GameServerHealthChanged))
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
                Upsert(changed.HostId, host => host with { Name = changed.HostName, Status = changed.Status, StatusReason = changed.Reason, Load = AfterStatus(host.Load, changed.Status) },
                    () => new HostRow(changed.HostId, changed.HostName, changed.Status, changed.Reason, null, []));
                return true;
            case HostAgentVersionChanged version:
                return Update(version.HostId, host => host with { Load = host.Load is { } load ? load with { AgentVersion = version.AgentVersion } : null });
            case HostMetricsReported metrics:
                return Update(metrics.HostId, host => host with
                {
                    LastHeartbeatAt = Later(host.LastHeartbeatAt, metrics.At),
                    Load = host.Load?.Fold(HostLoadPoint.Of(metrics.At, metrics.Metrics)),
                });
            case GameServerHealthChanged health:
                return Update(health.HostId, host => host with { Servers = WithServer(host.Servers, new ServerRow(health.ServerId, health.ServerName, health.Health, health.Detail)) });
            default:
                return false;
        }
    }

    /// <summary>The hosts on page <paramref name="pageIndex"/> (from 0) of pages of <paramref name="pageSize"/>.</summary>
    public IEnumerable<HostRow> Page(int pageIndex, int pageSize) => Hosts.Skip(pageIndex * pageSize).Take(pageSize);

    /// <summary>
    /// The rows of a page are about to be shown with their agent and load: the ids of those to read from their hosts (not
    /// read yet), each folding events from now on (a new agent version comes as an event too). Rows off the page forget theirs, so
    /// the page holds the load of one page of hosts whatever the org's size.
    /// </summary>
    public IReadOnlyList<string> BeginReadingLoads(int pageIndex, int pageSize)
    {
        var first = pageIndex * pageSize;
        var toRead = new List<string>();
        for (var i = 0; i < Hosts.Count; i++)
        {
            var host = Hosts[i];
            var onPage = i >= first && i < first + pageSize;
            if (!onPage && host.Load is not null)
            {
                Hosts = Hosts.SetItem(i, host with { Load = null });
            }
            else if (onPage && host.Load is not { Read: true })
            {
                toRead.Add(host.Id);
                if (host.Load is null)
                {
                    Hosts = Hosts.SetItem(i, host with { Load = HostLoadRow.Unread });
                }
            }
        }

        return toRead;
    }

    /// <summary>The hosts' answers for rows still shown; a row asked for and not answered (no such host) is not asked for again.</summary>
    public void EndReadingLoads(IReadOnlyCollection<string> asked, IReadOnlyDictionary<string, HostLoadRow> read)
    {
        foreach (var hostId in asked)
        {
            Update(hostId, host => host.Load is { } load
                ? host with { Load = read.TryGetValue(hostId, out var answer) ? load.MergedWith(answer) : load with { Read = true } }
                : host);
        }
    }

    // Without an agent there is no latest load.
    private static HostLoadRow? AfterStatus(HostLoadRow? load, HostStatus status) =>
        status == HostStatus.Online ? load : load is null ? null : load with { Latest = null };

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

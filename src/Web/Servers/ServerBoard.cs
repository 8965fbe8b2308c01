using System.Collections.Immutable;
using GameOps.Grains.Events;
using GameOps.Grains.Jobs;
using GameOps.Grains.Players;

namespace GameOps.Web.Servers;

/// <summary>
/// What the game server page shows besides its console, kept current by the org's events: the server and its host's
/// status, who is online, and the jobs sent from the page. As on the hosts page, events that arrive while the snapshot is
/// read are held and applied over it.
/// </summary>
public sealed class ServerBoard(string hostId, string serverId)
{
    /// <summary>How many of the jobs sent from the page it shows.</summary>
    public const int SentShown = 10;

    private readonly List<OrgEvent> _heldWhileLoading = [];
    private bool _loading = true;

    public ServerDetail? Server { get; private set; }

    /// <summary>Longest online first.</summary>
    public ImmutableList<OnlinePlayer> Players { get; private set; } = [];

    /// <summary>The jobs sent from this page, newest first, as their events tell.</summary>
    public ImmutableList<JobView> Sent { get; private set; } = [];

    public bool IsLoading { get; private set; } = true;

    public void BeginLoad() => _loading = true;

    public void EndLoad(ServerDetail? server, IEnumerable<OnlinePlayer> players)
    {
        Server = server;
        Players = [.. players];
        _loading = false;
        IsLoading = false;
        foreach (var held in _heldWhileLoading)
        {
            Apply(held);
        }

        _heldWhileLoading.Clear();
    }

    /// <summary>A job sent from the page, or its newer state read whole (with the game's answer).</summary>
    public void Track(JobView job)
    {
        var index = Sent.FindIndex(j => j.Id == job.Id);
        Sent = index >= 0 ? Sent.SetItem(index, job) : Sent.Insert(0, job);
        if (Sent.Count > SentShown)
        {
            Sent = Sent.RemoveRange(SentShown, Sent.Count - SentShown);
        }
    }

    /// <summary>Applies an event; true when it changed what the page shows.</summary>
    public bool Apply(OrgEvent orgEvent)
    {
        if (_loading)
        {
            _heldWhileLoading.Add(orgEvent);
            return false;
        }

        switch (orgEvent)
        {
            case GameServerHealthChanged health when health.HostId == hostId && health.ServerId == serverId && Server is { } server:
                Server = server with { Health = health.Health, HealthDetail = health.Detail, HealthCheckedAt = health.At };
                return true;
            case HostStatusChanged status when status.HostId == hostId && Server is { } server:
                Server = server with { HostStatus = status.Status, HostName = status.HostName };
                return true;
            case PlayerJoined joined when joined.HostId == hostId && joined.ServerId == serverId:
                if (Players.Any(p => p.SessionId == joined.SessionId))
                {
                    return false;
                }

                Players = Players.Add(new OnlinePlayer(joined.PlayerName, joined.PlayerId, joined.At, joined.SessionId, joined.Reconciled));
                return true;
            case PlayerLeft left when left.HostId == hostId && left.ServerId == serverId:
                var before = Players;
                Players = Players.RemoveAll(p => p.SessionId == left.SessionId);
                return before != Players;
            case JobStateChanged changed when Sent.FindIndex(j => j.Id == changed.JobId) is var index and >= 0:
                var job = Sent[index];
                if (JobStates.IsFinished(job.State) && !JobStates.IsFinished(changed.State))
                {
                    // The stream orders a job's events, but a read may already have brought a later state than this one.
                    return false;
                }

                Sent = Sent.SetItem(index, job with { State = changed.State, Error = changed.Error ?? job.Error });
                return true;
            default:
                return false;
        }
    }
}

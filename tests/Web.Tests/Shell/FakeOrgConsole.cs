using System.Collections.Concurrent;
using System.Security.Claims;
using GameOps.Grains.Events;
using GameOps.Web.Hosts;
using GameOps.Web.Overview;
using GameOps.Web.Shell;

namespace GameOps.Web.Tests.Shell;

/// <summary>The silo's side of the console as a test sets it up: one org, given rows, and events the test sends.</summary>
public sealed class FakeOrgConsole : IOrgConsole
{
    public const string OrgId = "default";

    private Func<OrgEvent?, Task>? _watcher;

    public OrgAbilities Abilities { get; set; } = new(HostsRead: true, HostsManage: true, JobsRead: true, AlertsRead: true, EventsRead: true);

    public List<HostRow> Hosts { get; } = [];

    public List<AlertRow> Alerts { get; } = [];

    /// <summary>What the hosts answer of their agent and load, by host id; a host without one answers nothing.</summary>
    public Dictionary<string, HostLoadRow> Loads { get; } = [];

    /// <summary>The host ids of each load read, in order.</summary>
    public List<IReadOnlyCollection<string>> LoadReads { get; } = [];

    public List<JobRow> Jobs { get; } = [];

    /// <summary>Thrown by every read when set, as the silo throws a refusal.</summary>
    public Exception? ReadFailure { get; set; }

    /// <summary>Runs inside the hosts read, after the page subscribed and before the read answers.</summary>
    public Func<Task>? DuringHostsRead { get; set; }

    public int HostReads { get; private set; }

    public int Watches { get; private set; }

    public int WatchesEnded { get; private set; }

    public ConcurrentQueue<string> Revoked { get; } = new();

    public Task<IReadOnlyList<ConsoleOrg>> ListOrgsAsync(ClaimsPrincipal user) =>
        Task.FromResult<IReadOnlyList<ConsoleOrg>>([new ConsoleOrg(OrgId, "Test org", "Owner")]);

    public Task<OrgAbilities> AbilitiesAsync(ClaimsPrincipal user, string orgId) => Task.FromResult(Abilities);

    public async Task<IReadOnlyList<HostRow>> ListHostsAsync(ClaimsPrincipal user, string orgId)
    {
        HostReads++;
        ThrowIfFailing();
        var snapshot = Hosts.ToList();
        if (DuringHostsRead is { } during)
        {
            await during();
        }

        return snapshot;
    }

    public Task<IReadOnlyDictionary<string, HostLoadRow>> ReadHostLoadsAsync(ClaimsPrincipal user, string orgId, IReadOnlyCollection<string> hostIds)
    {
        LoadReads.Add([.. hostIds]);
        ThrowIfFailing();
        return Task.FromResult<IReadOnlyDictionary<string, HostLoadRow>>(hostIds.Where(Loads.ContainsKey).ToDictionary(id => id, id => Loads[id]));
    }

    /// <summary>The firing alerts' first page, <see cref="Alerts"/> in their order; the cursor is the index of the next one.</summary>
    public Task<ConsolePage<AlertRow>> ListFiringAlertsAsync(ClaimsPrincipal user, string orgId, int limit)
    {
        ThrowIfFailing();
        return Task.FromResult(new ConsolePage<AlertRow>([.. Alerts.Take(limit)], Alerts.Count > limit ? limit.ToString(System.Globalization.CultureInfo.InvariantCulture) : null));
    }

    public Task<IReadOnlyList<JobRow>> ListRecentJobsAsync(ClaimsPrincipal user, string orgId, int count)
    {
        ThrowIfFailing();
        return Task.FromResult<IReadOnlyList<JobRow>>([.. Jobs.Take(count)]);
    }

    public Task<NewHostEnrolment> AddHostAsync(ClaimsPrincipal user, string orgId, string name)
    {
        if (name.Length > 100)
        {
            throw new ConsoleInputException("A host name is at most 100 characters.");
        }

        var id = $"host{Hosts.Count + 1}";
        Hosts.Add(new HostRow(id, name, Grains.Hosts.HostStatus.Pending, null, null, []));
        return Task.FromResult(new NewHostEnrolment(id, name, $"sudo deploy/install-agent.sh --control-plane-url http://gateway:5081 --token goe_{id}.secret", new DateTimeOffset(2026, 12, 3, 16, 0, 0, TimeSpan.Zero)));
    }

    public Task RevokeHostAsync(ClaimsPrincipal user, string orgId, string hostId)
    {
        Revoked.Enqueue(hostId);
        return Task.CompletedTask;
    }

    public Task<IAsyncDisposable> WatchAsync(ClaimsPrincipal user, string orgId, Func<OrgEvent?, Task> onEvent, CancellationToken cancellationToken)
    {
        Watches++;
        _watcher = onEvent;
        return Task.FromResult<IAsyncDisposable>(new Watch(this));
    }

    /// <summary>Hands an event to the page as the fan-out would; null says events were dropped.</summary>
    public Task SendAsync(OrgEvent? orgEvent) => (_watcher ?? throw new InvalidOperationException("The page did not subscribe."))(orgEvent);

    private void ThrowIfFailing()
    {
        if (ReadFailure is { } failure)
        {
            throw failure;
        }
    }

    private sealed class Watch(FakeOrgConsole console) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            console.WatchesEnded++;
            console._watcher = null;
            return ValueTask.CompletedTask;
        }
    }
}

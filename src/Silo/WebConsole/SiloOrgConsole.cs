using System.Security.Claims;
using GameOps.Grains;
using GameOps.Grains.Events;
using GameOps.Grains.Hosts;
using GameOps.Grains.Jobs;
using GameOps.Grains.Orgs;
using GameOps.Silo.Alerts;
using GameOps.Silo.Events;
using GameOps.Silo.Hosts;
using GameOps.Silo.Orgs;
using GameOps.Silo.Security;
using GameOps.Silo.Security.Authorization;
using GameOps.Grains.Identity;
using GameOps.Web.Hosts;
using GameOps.Web.Overview;
using GameOps.Web.Shell;

namespace GameOps.Silo.WebConsole;

/// <summary>
/// The web console's reads and changes, in-process: each checks the user's permission in the org they picked with
/// <see cref="OrgAccess"/>, the REST API's own check, and scopes what it touches to that org.
/// </summary>
public sealed class SiloOrgConsole(
    IGrainFactory grains, WebConsoleAccess access, OrgEventHub events, IJobHistory jobs, AgentInstallCommand install, ILogger<CircuitWatch<EventFrame>> watchLogger)
    : IOrgConsole
{
    public async Task<IReadOnlyList<ConsoleOrg>> ListOrgsAsync(ClaimsPrincipal user) =>
        user.GetUserId() is { } userId
            ? [.. (await OrgEndpoints.MyOrgsAsync(userId, grains)).Select(o => new ConsoleOrg(o.Id, o.Name, o.Role.ToString()))]
            : [];

    public async Task<OrgAbilities> AbilitiesAsync(ClaimsPrincipal user, string orgId) => new(
        await AllowsAsync(user, orgId, Permission.HostsRead),
        await AllowsAsync(user, orgId, Permission.HostsManage),
        await AllowsAsync(user, orgId, Permission.JobsRead),
        await AllowsAsync(user, orgId, Permission.AlertsRead),
        await AllowsAsync(user, orgId, Permission.EventsRead));

    public async Task<IReadOnlyList<HostRow>> ListHostsAsync(ClaimsPrincipal user, string orgId)
    {
        await RequireAsync(user, orgId, Permission.HostsRead);
        var hosts = await grains.GetGrain<IOrgSummaryGrain>(orgId).ListHostsAsync();
        return [.. hosts.Select(h => new HostRow(
            h.Id, h.Name, h.Status, h.StatusReason, h.LastHeartbeatAt, [.. h.Servers.Select(s => new ServerRow(s.ServerId, s.Name, s.Health, s.HealthDetail))]))];
    }

    public async Task<IReadOnlyDictionary<string, HostLoadRow>> ReadHostLoadsAsync(ClaimsPrincipal user, string orgId, IReadOnlyCollection<string> hostIds)
    {
        await RequireAsync(user, orgId, Permission.HostsRead);
        var loads = await Task.WhenAll(hostIds.Distinct().Select(async id => (Id: id, Load: await HostEndpoints.FindLoadAsync(id, orgId, grains))));
        return loads.Where(l => l.Load is not null).ToDictionary(l => l.Id, l => new HostLoadRow(l.Load!.AgentVersion, l.Load.Latest, l.Load.LastHour, Read: true));
    }

    public async Task<ConsolePage<AlertRow>> ListFiringAlertsAsync(ClaimsPrincipal user, string orgId, int limit)
    {
        await RequireAsync(user, orgId, Permission.AlertsRead);
        var (alerts, next) = await AlertListing.PageAsync(grains, orgId, AlertListing.Firing, ConsoleListPage.Read(cursor: null, limit));
        return new ConsolePage<AlertRow>([.. alerts.Select(a => new AlertRow(a.Id, a.RuleName, a.Kind, a.HostId, a.Subject, a.Detail, a.FiredAt ?? a.Since))], next);
    }

    public async Task<IReadOnlyList<JobRow>> ListRecentJobsAsync(ClaimsPrincipal user, string orgId, int count)
    {
        await RequireAsync(user, orgId, Permission.JobsRead);
        var page = await jobs.ListAsync(new JobHistoryQuery(orgId, count));
        return [.. page.Jobs.Select(j => new JobRow(j.Id, j.HostId, j.ServerId, j.Action, j.State, j.Error, j.FinishedAt ?? j.StartedAt ?? j.DispatchedAt ?? j.CreatedAt))];
    }

    public async Task<NewHostEnrolment> AddHostAsync(ClaimsPrincipal user, string orgId, string name)
    {
        await RequireAsync(user, orgId, Permission.HostsManage);
        if (HostRules.ValidateName(name) is { } problem)
        {
            throw new ConsoleInputException(problem);
        }

        var created = await HostEndpoints.RegisterAsync(orgId, name, ActorOf(user), grains, install);
        return new NewHostEnrolment(created.Host.Id, created.Host.Name, created.Enrolment.Command, created.Enrolment.ExpiresAt);
    }

    public async Task RevokeHostAsync(ClaimsPrincipal user, string orgId, string hostId)
    {
        await RequireAsync(user, orgId, Permission.HostsManage);
        if (await HostEndpoints.FindHostAsync(hostId, orgId, grains) is null)
        {
            throw new ConsoleInputException($"Host '{hostId}' does not exist.");
        }

        await grains.GetHostGrain(hostId).RevokeCredentialAsync(orgId, ActorOf(user));
    }

    public async Task<IAsyncDisposable> WatchAsync(ClaimsPrincipal user, string orgId, Func<OrgEvent?, Task> onEvent, CancellationToken cancellationToken)
    {
        await RequireAsync(user, orgId, Permission.EventsRead);
        return new CircuitWatch<EventFrame>(await events.JoinAsync(orgId, cancellationToken), frame => onEvent(frame?.Event), watchLogger);
    }

    private Task<bool> AllowsAsync(ClaimsPrincipal user, string orgId, Permission permission) => access.AllowsAsync(user, orgId, permission);

    private Task<AccessDecision> RequireAsync(ClaimsPrincipal user, string orgId, Permission permission) => access.RequireAsync(user, orgId, permission);

    private static Actor ActorOf(ClaimsPrincipal user) => WebConsoleAccess.ActorOf(user);
}

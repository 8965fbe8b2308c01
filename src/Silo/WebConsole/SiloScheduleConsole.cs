using System.Globalization;
using System.Security.Claims;
using GameOps.AgentProtocol;
using GameOps.Grains;
using GameOps.Grains.Orgs;
using GameOps.Grains.Schedules;
using GameOps.Silo.Schedules;
using GameOps.Silo.Security.Authorization;
using GameOps.Web.Schedules;
using GameOps.Web.Shell;

namespace GameOps.Silo.WebConsole;

/// <summary>
/// The schedules pages' reads and changes, in-process, through the REST endpoints' own checks
/// (<see cref="ScheduleEndpoints.CheckSpecAsync"/>, <see cref="ScheduleEndpoints.RefusalAsync"/>) and the cron times the
/// grain computes (<see cref="ScheduleRules.Preview(string?, string?, DateTimeOffset, int)"/>).
/// </summary>
public sealed class SiloScheduleConsole(IGrainFactory grains, WebConsoleAccess access, OrgAccess orgAccess, IScheduleRunLedger ledger, IDomainClock clock)
    : IScheduleConsole
{
    public IReadOnlyList<string> Actions { get; } = [.. GameActions.All.Order(StringComparer.Ordinal)];

    public async Task<ScheduleAbilities> AbilitiesAsync(ClaimsPrincipal user, string orgId) => new(
        await access.AllowsAsync(user, orgId, Permission.SchedulesRead),
        await access.AllowsAsync(user, orgId, Permission.Schedules));

    public async Task<ConsolePage<ScheduleView>> ListAsync(ClaimsPrincipal user, string orgId, string? cursor, int limit)
    {
        await access.RequireAsync(user, orgId, Permission.SchedulesRead);
        var (schedules, next) = await ScheduleEndpoints.PageAsync(grains, orgId, ConsoleListPage.Read(cursor, limit));
        return new ConsolePage<ScheduleView>(schedules, next);
    }

    public async Task<ScheduleView?> GetAsync(ClaimsPrincipal user, string orgId, Guid scheduleId)
    {
        await access.RequireAsync(user, orgId, Permission.SchedulesRead);
        return await ScheduleEndpoints.Schedule(grains, orgId, scheduleId).GetAsync();
    }

    public async Task<IReadOnlyList<ScheduleTargetChoice>> ListTargetsAsync(ClaimsPrincipal user, string orgId)
    {
        await access.RequireAsync(user, orgId, Permission.SchedulesRead);
        var hosts = await grains.GetGrain<IOrgSummaryGrain>(orgId).ListHostsAsync();
        return [.. hosts.SelectMany(h => h.Servers.Select(s => new ScheduleTargetChoice(h.Id, h.Name, s.ServerId, s.Name)))
            .OrderBy(t => t.HostName, StringComparer.OrdinalIgnoreCase).ThenBy(t => t.ServerName, StringComparer.OrdinalIgnoreCase)];
    }

    public async Task<ScheduleCheck> CheckAsync(ClaimsPrincipal user, string orgId, ScheduleSpec spec, int count)
    {
        await access.RequireAsync(user, orgId, Permission.SchedulesRead);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        await ScheduleEndpoints.CheckSpecAsync(spec, errors, orgId, grains);
        return new ScheduleCheck(errors, ScheduleRules.Preview(spec.Cron, spec.TimeZone, clock.UtcNow, count));
    }

    public async Task<ScheduleView> SaveAsync(ClaimsPrincipal user, string orgId, Guid? scheduleId, ScheduleSpec spec)
    {
        await access.RequireAsync(user, orgId, Permission.Schedules);
        switch (await ScheduleEndpoints.ProblemAsync(spec, new Dictionary<string, string[]>(StringComparer.Ordinal), orgId, user, grains, orgAccess))
        {
            case { Errors: { } errors }:
                throw new ConsoleFieldsException(errors);
            case { Refusal: { } refused }:
                throw new ConsoleRefusedException(refused);
        }

        var schedule = ScheduleEndpoints.Schedule(grains, orgId, scheduleId ?? Guid.CreateVersion7());
        if (scheduleId is { } id && await schedule.GetAsync() is null)
        {
            throw new ConsoleInputException($"Schedule '{id}' does not exist.");
        }

        return await schedule.SaveAsync(spec, WebConsoleAccess.ActorOf(user));
    }

    public async Task DeleteAsync(ClaimsPrincipal user, string orgId, Guid scheduleId)
    {
        await access.RequireAsync(user, orgId, Permission.Schedules);
        if (!await ScheduleEndpoints.Schedule(grains, orgId, scheduleId).DeleteAsync(WebConsoleAccess.ActorOf(user)))
        {
            throw new ConsoleInputException($"Schedule '{scheduleId}' does not exist.");
        }
    }

    public async Task RunNowAsync(ClaimsPrincipal user, string orgId, Guid scheduleId)
    {
        await access.RequireAsync(user, orgId, Permission.Schedules);
        var schedule = ScheduleEndpoints.Schedule(grains, orgId, scheduleId);
        if (await schedule.GetAsync() is not { } view)
        {
            throw new ConsoleInputException($"Schedule '{scheduleId}' does not exist.");
        }

        if (await ScheduleEndpoints.RefusalAsync(view.Spec, orgId, user, orgAccess) is { } refused)
        {
            throw new ConsoleRefusedException(refused);
        }

        if (await schedule.RunNowAsync(WebConsoleAccess.ActorOf(user)) is { Outcome: ScheduleRunOutcome.Skipped } skipped)
        {
            throw new ConsoleInputException($"A run is going on: {skipped.Detail}");
        }
    }

    public async Task<ScheduleRunsPage> ListRunsAsync(ClaimsPrincipal user, string orgId, Guid scheduleId, int limit, string? cursor)
    {
        await access.RequireAsync(user, orgId, Permission.SchedulesRead);
        if (ScheduleEndpoints.RunsQuery(orgId, scheduleId, limit.ToString(CultureInfo.InvariantCulture), cursor, out var errors) is not { } query)
        {
            throw new ConsoleInputException(string.Join(" ", errors.SelectMany(e => e.Value)));
        }

        var page = await ledger.ListAsync(query);
        return new ScheduleRunsPage(page.Runs, page.Next?.Encode());
    }
}

using System.Collections.Immutable;
using System.Security.Claims;
using GameOps.AgentProtocol;
using ServerHealth = GameOps.Grains.GameServers.ServerHealth;
using GameOps.Grains;
using GameOps.Grains.GameServers;
using GameOps.Grains.Hosts;
using GameOps.Grains.Jobs;
using GameOps.Grains.Players;
using GameOps.Grains.Schedules;
using GameOps.Grains.ServerConsole;
using GameOps.Silo.Hosts;
using GameOps.Silo.Jobs;
using GameOps.Grains.Observability;
using GameOps.Silo.Players;
using GameOps.Silo.Policies;
using GameOps.Silo.Schedules;
using GameOps.Silo.Security.Authorization;
using GameOps.Silo.ServerConsole;
using GameOps.Web.Servers;
using GameOps.Web.Shell;

namespace GameOps.Silo.WebConsole;

/// <summary>
/// The game server page's reads and changes, in-process, with the REST endpoints' own code: the console's held lines and
/// this silo's <see cref="ConsoleHub"/> fan-out (as the console's SSE endpoint), the players (as <c>…/players</c>), and jobs
/// (as <c>POST /api/v1/hosts/{id}/jobs</c>).
/// </summary>
public sealed class SiloServerConsole(
    IGrainFactory grains, OrgAccess orgAccess, WebConsoleAccess access, ConsoleHub consoles, ConsoleHistory history, IDomainClock clock,
    ILogger<CircuitWatch<ConsoleFrames>> watchLogger)
    : IServerConsole
{
    public async Task<ServerDetail?> GetServerAsync(ClaimsPrincipal user, string orgId, string hostId, string serverId)
    {
        await access.RequireAsync(user, orgId, Permission.HostsRead);
        if (await HostEndpoints.FindHostAsync(hostId, orgId, grains) is not { } host || host.Servers.FirstOrDefault(s => s.Id == serverId) is not { } declared)
        {
            return null;
        }

        var server = await grains.GetGrain<IGameServerGrain>(GameServerKeys.For(hostId, serverId)).GetAsync();
        var actions = ImmutableArray.CreateBuilder<string>();
        if (await access.AllowsAsync(user, orgId, Permission.JobsSubmit))
        {
            // What the agent offers already went through the host's own policy; the job endpoint's checks add the caller's
            // permissions on this server and the control plane's narrowing.
            // The policy from the server's view read above: the one the host's grain holds for its jobs is taken from
            // the same grain, and asking the host for it would be one more call per render.
            var checks = new JobChecks(hostId, user, orgAccess);
            var policy = PolicyEndpoints.EffectivePolicyOf(server, orgId);
            foreach (var action in declared.Capabilities.Where(GameActions.All.Contains).Order(StringComparer.Ordinal))
            {
                if (await checks.AllowsAsync(orgId, serverId, action, policy))
                {
                    actions.Add(action);
                }
            }
        }

        var countdownId = RestartCountdowns.ScheduleIdOf(hostId, serverId);
        var mayCountdown = actions.Contains(GameActions.ServerRestart) && await CountdownRefusalAsync(user, orgId, hostId, serverId, declared.Name) is null;
        return new ServerDetail(
            host.Id, host.Name, host.Status, serverId, declared.Name, declared.Kind,
            server?.Health ?? ServerHealth.Unknown, server?.HealthDetail, server?.HealthCheckedAt, actions.ToImmutable(),
            countdownId, await ReadCountdownAsync(orgId, countdownId), mayCountdown);
    }

    public async Task<RestartCountdown> StartRestartCountdownAsync(
        ClaimsPrincipal user, string orgId, string hostId, string serverId, int minutes, string? message)
    {
        var server = await RequireCountdownAsync(user, orgId, hostId, serverId);
        var spec = RestartCountdowns.Spec(new ScheduleTarget(hostId, serverId), server.Name, minutes, message, out var errors);
        if (errors.Count > 0)
        {
            throw new ConsoleFieldsException(errors);
        }

        ScheduleRun run;
        try
        {
            run = await Countdown(orgId, server.CountdownScheduleId).RunOnceAsync(spec, WebConsoleAccess.ActorOf(user));
        }
        catch (ArgumentException e)
        {
            throw new ConsoleInputException(e.Message);
        }

        // A countdown asks for nothing that skips it: skipped means one goes on.
        return run.Outcome == ScheduleRunOutcome.Skipped
            ? throw new ConsoleRefusedException($"A restart countdown of {server.Name} goes on already: cancel it first.")
            : ToCountdown(run, spec);
    }

    public async Task CancelRestartCountdownAsync(ClaimsPrincipal user, string orgId, string hostId, string serverId, Guid runId)
    {
        var server = await RequireCountdownAsync(user, orgId, hostId, serverId);
        if (await Countdown(orgId, server.CountdownScheduleId).CancelRunAsync(runId, WebConsoleAccess.ActorOf(user)) != CancelRunOutcome.Cancelled)
        {
            throw new ConsoleInputException("The countdown has ended already.");
        }
    }

    // A countdown ends in a restart: it takes what the page's Restart button takes (the job endpoint's checks, the
    // policy included), and, being a schedule's step run once, what running that schedule through the API takes.
    private async Task<ServerDetail> RequireCountdownAsync(ClaimsPrincipal user, string orgId, string hostId, string serverId)
    {
        var server = await GetServerAsync(user, orgId, hostId, serverId) ?? throw NoSuchServer(hostId, serverId);
        if (!server.Allows(GameActions.ServerRestart))
        {
            throw new ConsoleRefusedException($"You may not restart {server.Name}, or its host's policy does not allow it.");
        }

        return await CountdownRefusalAsync(user, orgId, hostId, serverId, server.Name) is { } refused ? throw new ConsoleRefusedException(refused) : server;
    }

    /// <summary>Why the user may not run the server's countdown schedule, as <c>POST /api/v1/schedules</c> and <c>…/run</c> refuse it.</summary>
    private Task<string?> CountdownRefusalAsync(ClaimsPrincipal user, string orgId, string hostId, string serverId, string serverName) =>
        ScheduleEndpoints.RefusalAsync(
            RestartCountdowns.Spec(new ScheduleTarget(hostId, serverId), serverName, RestartCountdowns.MinMinutes, message: null, out _), orgId, user, orgAccess);

    private IScheduleGrain Countdown(string orgId, Guid scheduleId) => grains.GetGrain<IScheduleGrain>(ScheduleKeys.For(orgId, scheduleId));

    private async Task<RestartCountdown?> ReadCountdownAsync(string orgId, Guid scheduleId) =>
        await Countdown(orgId, scheduleId).GetAsync() is { } view && (view.ActiveRun ?? view.LastRun) is { } run ? ToCountdown(run, view.Spec) : null;

    private static RestartCountdown ToCountdown(ScheduleRun run, ScheduleSpec spec)
    {
        var marks = ScheduleRules.MarksOf(spec.Steps[0]);
        return new RestartCountdown(
            run.RunId, run.StartedAt, run.StartedAt.AddSeconds(marks[0]), [.. marks.Select(ScheduleRules.Remaining)], run.RequestedBy.Id, run.Outcome, run.Detail);
    }

    public async Task<ConsoleBacklog> ReadConsoleAsync(ClaimsPrincipal user, string orgId, string hostId, string serverId, ulong after)
    {
        await RequireServerAsync(user, orgId, hostId, serverId, Permission.ConsoleRead);
        return await history.ReadAsync(hostId, serverId, after);
    }

    public async Task<IAsyncDisposable> WatchConsoleAsync(
        ClaimsPrincipal user, string orgId, string hostId, string serverId, Func<ImmutableArray<ConsoleLine>?, Task> onLines, CancellationToken cancellationToken)
    {
        await RequireServerAsync(user, orgId, hostId, serverId, Permission.ConsoleRead);
        var viewer = await consoles.JoinAsync(GameServerKeys.For(hostId, serverId), cancellationToken);
        return new CircuitWatch<ConsoleFrames>(viewer, frames => onLines(frames?.Source), watchLogger);
    }

    public async Task<IReadOnlyList<OnlinePlayer>> ListPlayersAsync(ClaimsPrincipal user, string orgId, string hostId, string serverId)
    {
        await access.RequireOnServerAsync(user, orgId, hostId, serverId, Permission.ConsoleRead);
        var online = await PlayerEndpoints.OnlineAsync(hostId, serverId, orgId, grains) ?? throw NoSuchServer(hostId, serverId);
        return [.. online.Players.Select(p => new OnlinePlayer(p.Name, p.PlayerId, p.Since, p.SessionId, p.Reconciled))];
    }

    public async Task<JobView> SendAsync(
        ClaimsPrincipal user, string orgId, string hostId, string serverId, string action, IReadOnlyDictionary<string, string> arguments)
    {
        await access.RequireAsync(user, orgId, Permission.JobsSubmit);
        if (await HostEndpoints.FindHostAsync(hostId, orgId, grains) is null)
        {
            throw NoSuchServer(hostId, serverId);
        }

        var submit = new SubmitJob(
            orgId, serverId, action, arguments.ToImmutableDictionary(StringComparer.Ordinal), JobLimits.DefaultTimeout,
            WebConsoleAccess.ActorOf(user), IdempotencyKey: null, GameOpsTracing.CurrentTraceParent());
        JobSubmitOutcome outcome;
        try
        {
            outcome = await JobEndpoints.SubmitAsync(hostId, submit, TimeSpan.Zero, new Dictionary<string, string[]>(StringComparer.Ordinal), user, grains, orgAccess, clock);
        }
        catch (HostQueueFullException e)
        {
            throw new ConsoleRefusedException(e.Message);
        }

        return outcome switch
        {
            { Errors: { } errors } => throw new ConsoleInputException(string.Join(" ", errors.SelectMany(e => e.Value.Select(problem => $"{e.Key}: {problem}")))),
            { Refusal: { } refusal } => throw new ConsoleRefusedException(refusal.Detail),
            _ => outcome.Submission!.Job,
        };
    }

    // Reading a console is reading what its host's agent declared: another org's server, or one its agent never declared, is absent.
    private async Task RequireServerAsync(ClaimsPrincipal user, string orgId, string hostId, string serverId, Permission permission)
    {
        await access.RequireOnServerAsync(user, orgId, hostId, serverId, permission);
        if (await HostEndpoints.FindHostAsync(hostId, orgId, grains) is not { } host || !host.Servers.Any(s => s.Id == serverId))
        {
            throw NoSuchServer(hostId, serverId);
        }
    }

    private static ConsoleInputException NoSuchServer(string hostId, string serverId) => new($"Server '{serverId}' of host '{hostId}' does not exist.");
}

using System.Security.Claims;
using GameOps.AgentProtocol.Policy;
using GameOps.Grains.GameServers;
using GameOps.Grains.Hosts;
using GameOps.Grains.Jobs;
using GameOps.Silo.Security.Authorization;

namespace GameOps.Silo.Jobs;

/// <summary>
/// What a valid job needs of its caller beyond its fields before it is queued on a host: what its action needs of the
/// caller on its server, decided once per permission and server however many of a batch's jobs ask. What the server's
/// policy allows is checked by the host's grain, against the policy it holds (ADR 0036).
/// </summary>
internal sealed class JobChecks(string hostId, ClaimsPrincipal user, OrgAccess access)
{
    private readonly Dictionary<(Permission, string), AccessDecision> _decisions = [];

    /// <summary>The title of a refusal by the server's policy.</summary>
    public const string RefusedByPolicy = "Refused by policy";

    /// <summary>
    /// Why the caller may not queue the job, its server's policy aside; null when they may. For a job submitted through
    /// its own grain, whose host checks the policy it holds (<see cref="IHostGrain.AcceptJobAsync"/>).
    /// </summary>
    public async Task<JobRefusal?> CallerRefusalAsync(SubmitJob submit) =>
        await PermissionRefusalAsync(submit.OrgId, submit.ServerId, submit.Action) is { } refused ? new JobRefusal("Forbidden", refused) : null;

    /// <summary>
    /// Whether a job of <paramref name="action"/> on the server passes the caller's checks and, but for its arguments,
    /// <paramref name="policy"/> (the server's effective policy; null: none to check against): what the web console's
    /// command box offers.
    /// </summary>
    public async Task<bool> AllowsAsync(string orgId, string serverId, string action, ServerPolicy? policy) =>
        await PermissionRefusalAsync(orgId, serverId, action) is null && policy?.Allows(action) != false;

    // The route asks for jobs.submit; what the action does may need more of the caller on this server.
    private async Task<string?> PermissionRefusalAsync(string orgId, string serverId, string action)
    {
        if (JobEndpoints.JobPermission(action) is not { } needed)
        {
            return null;
        }

        if (!_decisions.TryGetValue((needed, serverId), out var decision))
        {
            decision = await access.DecideAsync(user, orgId, needed, GameServerKeys.For(hostId, serverId));
            _decisions[(needed, serverId)] = decision;
        }

        return decision.Allowed ? null : decision.Refusal!;
    }
}

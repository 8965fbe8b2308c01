using System.Security.Claims;
using GameOps.AgentProtocol.Policy;
using GameOps.Grains.GameServers;
using GameOps.Grains.Hosts;
using GameOps.Grains.Jobs;
using GameOps.Silo.Policies;
using GameOps.Silo.Security.Authorization;

namespace GameOps.Silo.Jobs;

/// <summary>
/// What a valid job needs beyond its fields before it is queued on a host: what its action needs of the caller on its
/// server, and what the server's policy allows. Each server is asked once however many of a batch's jobs name it.
/// </summary>
internal sealed class JobChecks(string hostId, ClaimsPrincipal user, IGrainFactory grains, OrgAccess access)
{
    private readonly Dictionary<(Permission, string), AccessDecision> _decisions = [];
    private readonly Dictionary<string, ServerPolicy?> _policies = new(StringComparer.Ordinal);

    /// <summary>The title of a refusal by the server's policy.</summary>
    public const string RefusedByPolicy = "Refused by policy";

    /// <summary>Why the job may not be queued; null when it may.</summary>
    public async Task<JobRefusal?> RefusalAsync(SubmitJob submit)
    {
        if (await CallerRefusalAsync(submit) is { } refused)
        {
            return refused;
        }

        // Users learn at once what the agent would refuse; the agent still checks every job itself.
        return (await PolicyAsync(submit.OrgId, submit.ServerId))?.Check(submit.Action, submit.Arguments) is { } refusal
            ? new JobRefusal(RefusedByPolicy, refusal)
            : null;
    }

    /// <summary>
    /// Why the caller may not queue the job, its server's policy aside; null when they may. For a job submitted through
    /// its own grain, whose host checks the policy it holds (<see cref="IHostGrain.AcceptJobAsync"/>).
    /// </summary>
    public async Task<JobRefusal?> CallerRefusalAsync(SubmitJob submit) =>
        await PermissionRefusalAsync(submit.OrgId, submit.ServerId, submit.Action) is { } refused ? new JobRefusal("Forbidden", refused) : null;

    /// <summary>
    /// Whether a job of <paramref name="action"/> on the server passes these checks but for its arguments: what the web
    /// console's command box offers.
    /// </summary>
    public async Task<bool> AllowsAsync(string orgId, string serverId, string action) =>
        await PermissionRefusalAsync(orgId, serverId, action) is null && (await PolicyAsync(orgId, serverId))?.Allows(action) != false;

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

    private async Task<ServerPolicy?> PolicyAsync(string orgId, string serverId)
    {
        if (!_policies.TryGetValue(serverId, out var policy))
        {
            policy = await PolicyEndpoints.EffectivePolicyAsync(hostId, serverId, orgId, grains);
            _policies[serverId] = policy;
        }

        return policy;
    }
}

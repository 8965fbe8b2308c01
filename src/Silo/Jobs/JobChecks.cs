using System.Security.Claims;
using GameOps.AgentProtocol.Policy;
using GameOps.Grains.GameServers;
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

    /// <summary>Why the job may not be queued; null when it may.</summary>
    public async Task<JobRefusal?> RefusalAsync(SubmitJob submit)
    {
        // The route asks for jobs.submit; what the action does may need more of the caller on this server.
        if (JobEndpoints.JobPermission(submit.Action) is { } needed)
        {
            if (!_decisions.TryGetValue((needed, submit.ServerId), out var decision))
            {
                decision = await access.DecideAsync(user, submit.OrgId, needed, GameServerKeys.For(hostId, submit.ServerId));
                _decisions[(needed, submit.ServerId)] = decision;
            }

            if (!decision.Allowed)
            {
                return new JobRefusal("Forbidden", decision.Refusal!);
            }
        }

        // Users learn at once what the agent would refuse; the agent still checks every job itself.
        if (!_policies.TryGetValue(submit.ServerId, out var policy))
        {
            policy = await PolicyEndpoints.EffectivePolicyAsync(hostId, submit.ServerId, submit.OrgId, grains);
            _policies[submit.ServerId] = policy;
        }

        return policy?.Check(submit.Action, submit.Arguments) is { } refusal ? new JobRefusal("Refused by policy", refusal) : null;
    }
}

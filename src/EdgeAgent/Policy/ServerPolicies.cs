using GameOps.AgentProtocol;
using GameOps.AgentProtocol.Policy;
using GameOps.EdgeAgent.Channel;
using GameOps.EdgeAgent.Configuration;

namespace GameOps.EdgeAgent.Policy;

/// <summary>
/// The policy each game server's jobs run under (the host's own, narrowed by the control plane's) and the rate
/// limits' buckets. The host's policy is the last word: nothing the control plane sends can widen it.
/// </summary>
public sealed class ServerPolicies(AgentConfig config, TimeProvider timeProvider) : IAgentStreamReplay
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, ServerPolicy> _narrowing = new(StringComparer.Ordinal);
    private readonly Dictionary<(string ServerId, string Action), TokenBucket> _buckets = [];

    /// <summary>The policy <paramref name="server"/>'s jobs run under now.</summary>
    public ServerPolicy EffectiveFor(GameServerConfig server)
    {
        lock (_lock)
        {
            return _narrowing.TryGetValue(server.Id, out var narrowing) ? server.HostPolicy.Narrow(narrowing) : server.HostPolicy;
        }
    }

    /// <summary>
    /// Replaces the control plane's narrowing of server <paramref name="serverId"/> (<see cref="ServerPolicy.Unrestricted"/>
    /// removes it) and returns the effective policy, or null when this host has no such server. Takes effect for the next job.
    /// </summary>
    public ServerPolicy? Narrow(string serverId, ServerPolicy narrowing)
    {
        var server = config.FindServer(serverId);
        if (server is null)
        {
            return null;
        }

        lock (_lock)
        {
            _narrowing[serverId] = narrowing;
            return server.HostPolicy.Narrow(narrowing);
        }
    }

    /// <summary>Each server's effective policy, so the control plane shows it and refuses up front what it forbids.</summary>
    public IEnumerable<AgentMessage> MessagesForNewStream() =>
        config.Servers.Select(server => new AgentMessage
        {
            PolicyReport = new PolicyReport { ServerId = server.Id, Effective = EffectiveFor(server).ToRules() },
        });

    /// <summary>
    /// Checks a job against <paramref name="server"/>'s effective policy and takes a token from its action's bucket.
    /// Returns why it is refused, or null when it may run.
    /// </summary>
    public string? Admit(GameServerConfig server, string action, IReadOnlyDictionary<string, string> arguments)
    {
        var policy = EffectiveFor(server);
        if (policy.Check(action, arguments) is { } refusal)
        {
            return refusal;
        }

        if (policy.RateLimitFor(action) is not { } limit)
        {
            return null;
        }

        lock (_lock)
        {
            if (!_buckets.TryGetValue((server.Id, action), out var bucket))
            {
                bucket = new TokenBucket(limit, timeProvider);
                _buckets.Add((server.Id, action), bucket);
            }
            else if (bucket.Limit != limit)
            {
                bucket.Change(limit);
            }

            return bucket.TryTake(out var retryAfter)
                ? null
                : $"{ServerPolicy.RefusalPrefix}rate limit of {action} ({limit}) reached; the next one is allowed in {Math.Ceiling(retryAfter.TotalSeconds):0} s";
        }
    }
}

namespace GameOps.Silo.Policies;

/// <param name="Requested">The control plane's narrowing, as last set; null when there is none.</param>
/// <param name="Effective">What the agent last reported its jobs run under (its own policy narrowed); null until it reports.</param>
/// <param name="EffectiveReportedAt">When the agent reported <paramref name="Effective"/>.</param>
public sealed record ServerPolicyResponse(ServerPolicyRequest? Requested, ServerPolicyRequest? Effective, DateTimeOffset? EffectiveReportedAt);

namespace GameOps.Silo.Policies;

/// <param name="MaxLength">The most characters the argument may hold.</param>
/// <param name="Pattern">A regular expression the value must match.</param>
/// <param name="Patterns">Several, which the value must all match (an effective policy can hold the host's and the control plane's).</param>
public sealed record ArgumentLimitRequest(int? MaxLength, string? Pattern, List<string>? Patterns);

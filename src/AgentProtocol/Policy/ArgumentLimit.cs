namespace GameOps.AgentProtocol.Policy;

/// <summary>
/// What one argument of one action may hold: at most <see cref="MaxLength"/> characters, and a value every one of
/// <see cref="Patterns"/> matches. An argument the job does not give is not checked.
/// </summary>
public sealed record ArgumentLimit(string Action, string Argument, int? MaxLength, IReadOnlyList<PolicyPattern> Patterns)
{
    public bool Equals(ArgumentLimit? other) =>
        other is not null
        && string.Equals(Action, other.Action, StringComparison.Ordinal)
        && string.Equals(Argument, other.Argument, StringComparison.Ordinal)
        && MaxLength == other.MaxLength
        && Patterns.SequenceEqual(other.Patterns);

    public override int GetHashCode() => HashCode.Combine(Action, Argument, MaxLength, Patterns.Count);
}

namespace GameOps.EdgeAgent.Configuration;

/// <summary>One argument's limit in a server's <c>policy.arguments</c>, before validation.</summary>
internal sealed class ArgumentLimitDocument
{
    public int? MaxLength { get; set; }

    public string? Pattern { get; set; }
}

namespace GameOps.Grains.Identity;

/// <summary>A change an org refuses (an Admin making an Owner, removing the last Owner); the message says why, for the caller.</summary>
[GenerateSerializer]
[Alias("GameOps.OrgRuleException")]
public sealed class OrgRuleException : Exception
{
    public OrgRuleException()
    {
    }

    public OrgRuleException(string message)
        : base(message)
    {
    }

    public OrgRuleException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

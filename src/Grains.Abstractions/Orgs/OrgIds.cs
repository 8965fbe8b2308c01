namespace GameOps.Grains.Orgs;

public static class OrgIds
{
    /// <summary>The org that the platform admin key acts in until identity and org management land.</summary>
    public const string Default = "default";
}

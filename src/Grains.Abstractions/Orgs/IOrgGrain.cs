namespace GameOps.Grains.Orgs;

/// <summary>A tenant, keyed by org id: the hosts it owns (members, roles and keys come with identity).</summary>
[Alias("GameOps.IOrgGrain")]
public interface IOrgGrain : IGrainWithStringKey
{
    [Alias("AddHost")]
    Task AddHostAsync(string hostId);

    [Alias("ListHostIds")]
    Task<IReadOnlyList<string>> ListHostIdsAsync();
}

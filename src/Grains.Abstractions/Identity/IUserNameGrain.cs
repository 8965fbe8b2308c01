namespace GameOps.Grains.Identity;

/// <summary>A user name, keyed by its normalized form (trimmed, lowercase): which account holds it, so names are unique.</summary>
[Alias("GameOps.IUserNameGrain")]
public interface IUserNameGrain : IGrainWithStringKey
{
    /// <summary>Gives the name to the user unless another holds it; true when the user holds it now.</summary>
    [Alias("Claim")]
    Task<bool> ClaimAsync(string userId);

    /// <summary>Frees the name if this user holds it (an account that was not made after all).</summary>
    [Alias("Release")]
    Task ReleaseAsync(string userId);

    [Alias("GetUserId")]
    Task<string?> GetUserIdAsync();
}

namespace GameOps.Grains.Identity;

/// <summary>A local account, keyed by user id: its password hash, lockout, the orgs it belongs to.</summary>
[Alias("GameOps.IUserGrain")]
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>Creates the account; the password is hashed here with ASP.NET Core Identity's hasher. False when it exists.</summary>
    [Alias("Create")]
    Task<bool> CreateAsync(string name, string password, bool isPlatformAdmin, Actor requestedBy);

    [Alias("Get")]
    Task<UserView?> GetAsync();

    /// <summary>
    /// Checks the password, one attempt at a time per account; after <c>UserRules.MaxFailedSignIns</c> wrong ones in a
    /// row the account refuses every attempt, the right password included, until <c>UserRules.LockoutPeriod</c> passes.
    /// </summary>
    [Alias("SignIn")]
    Task<SignInResult> SignInAsync(string password);

    /// <summary>
    /// Replaces the password when <paramref name="currentPassword"/> is right, counted like a sign-in (a locked account
    /// refuses), and changes the security stamp: every session and access token issued before is refused from then on.
    /// </summary>
    [Alias("ChangePassword")]
    Task<SignInResult> ChangePasswordAsync(string currentPassword, string newPassword, Actor requestedBy);

    /// <summary>Changes the security stamp: every session and access token issued before is refused from then on.</summary>
    [Alias("SignOutEverywhere")]
    Task<UserView?> SignOutEverywhereAsync(Actor requestedBy);

    /// <summary>Records that the user became a member of an org (the org itself holds the role).</summary>
    [Alias("JoinOrg")]
    Task JoinOrgAsync(string orgId);

    [Alias("LeaveOrg")]
    Task LeaveOrgAsync(string orgId);
}

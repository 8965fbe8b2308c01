namespace GameOps.Grains.Identity;

/// <param name="User">The user when the password was right and the account not locked.</param>
/// <param name="LockedUntil">Set when the account is locked (this attempt's failure may have locked it).</param>
[GenerateSerializer, Immutable]
[Alias("GameOps.SignInResult")]
public sealed record SignInResult(
    [property: Id(0)] UserView? User,
    [property: Id(1)] DateTimeOffset? LockedUntil);

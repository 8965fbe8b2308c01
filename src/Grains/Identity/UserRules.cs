namespace GameOps.Grains.Identity;

/// <summary>What user names and passwords may be, and how sign-in failures lock an account.</summary>
public static class UserRules
{
    public const int MaxNameLength = 64;
    public const int MinPasswordLength = 12;
    public const int MaxPasswordLength = 256;

    /// <summary>Wrong passwords in a row before the account is locked.</summary>
    public const int MaxFailedSignIns = 5;

    public static readonly TimeSpan LockoutPeriod = TimeSpan.FromMinutes(15);

    public static string NewUserId() => Guid.NewGuid().ToString("N");

    public static string NewSecurityStamp() => Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    /// <summary>The form a name is unique in: two names that differ only in case or surrounding spaces are one.</summary>
    public static string Normalize(string name) => name.Trim().ToUpperInvariant();

    public static string? ValidateName(string? name) =>
        TextRules.ValidateName(name, "user", MaxNameLength)
        ?? (name!.Contains('/', StringComparison.Ordinal) ? "A user name cannot contain '/'." : null);

    public static string? ValidatePassword(string? password) => password switch
    {
        null or { Length: < MinPasswordLength } => $"A password is at least {MinPasswordLength} characters.",
        { Length: > MaxPasswordLength } => $"A password is at most {MaxPasswordLength} characters.",
        _ when TextRules.HasControlCharacters(password) => "A password cannot contain control characters.",
        _ => null,
    };
}

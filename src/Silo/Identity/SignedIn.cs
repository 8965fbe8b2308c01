namespace GameOps.Silo.Identity;

/// <param name="AntiforgeryToken">Send it as the <c>X-CSRF-TOKEN</c> header on every change made with the session cookie.</param>
public sealed record SignedIn(string UserId, string Name, bool IsPlatformAdmin, string[] OrgIds, string AntiforgeryToken);

namespace GameOps.Web.Account;

public static class LocalUrl
{
    /// <summary>The return URL when it stays on this site, else the overview: a sign-in link must not send anyone elsewhere.</summary>
    public static string OrHome(string? returnUrl) =>
        returnUrl is ['/', not '/' and not '\\', ..] or ['/'] && !returnUrl.Contains("://", StringComparison.Ordinal) ? returnUrl : "/";
}

using Microsoft.AspNetCore.Authentication;

namespace GameOps.Silo.Identity;

/// <summary>
/// The session cookie's ticket format, warning when a presented cookie cannot be decrypted: made with another key ring
/// (a silo that does not share the cluster's), or altered. The cookie handler refuses such a cookie (401) but says so
/// only at a level operators do not see.
/// </summary>
public sealed partial class UnreadableCookieWarning(ISecureDataFormat<AuthenticationTicket> inner, ILogger<UnreadableCookieWarning> logger)
    : ISecureDataFormat<AuthenticationTicket>
{
    public string Protect(AuthenticationTicket data) => inner.Protect(data);

    public string Protect(AuthenticationTicket data, string? purpose) => inner.Protect(data, purpose);

    public AuthenticationTicket? Unprotect(string? protectedText) => Warned(inner.Unprotect(protectedText), protectedText);

    public AuthenticationTicket? Unprotect(string? protectedText, string? purpose) => Warned(inner.Unprotect(protectedText, purpose), protectedText);

    private AuthenticationTicket? Warned(AuthenticationTicket? ticket, string? protectedText)
    {
        if (ticket is null && !string.IsNullOrEmpty(protectedText))
        {
            LogUnreadable(protectedText.Length);
        }

        return ticket;
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "A session cookie ({Length} characters) cannot be decrypted with this silo's Data Protection key ring, so it is refused: it was made with another key ring or altered")]
    private partial void LogUnreadable(int length);
}

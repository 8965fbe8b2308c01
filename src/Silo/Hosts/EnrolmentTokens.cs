using System.Diagnostics.CodeAnalysis;
using GameOps.Grains.Hosts;
using GameOps.Silo.Security;

namespace GameOps.Silo.Hosts;

/// <summary>
/// One-time enrolment tokens, <c>goe_&lt;host id&gt;.&lt;256 random bits&gt;</c>: the host id inside lets the gateway ask
/// that host's grain alone, so no index from tokens to hosts is kept. The id is no secret; the random part is.
/// </summary>
public static class EnrolmentTokens
{
    private const char Separator = '.';

    // 32 random bytes in base64url without padding.
    private const int RandomPartLength = 43;

    public static string New(string hostId) => Secrets.NewToken($"{TokenPrefixes.EnrolmentToken}{hostId}{Separator}");

    /// <summary>The host id a well-formed token names; false for anything else (the random part is checked by the host).</summary>
    public static bool TryReadHostId(string? token, [NotNullWhen(true)] out string? hostId)
    {
        hostId = null;
        if (token is null || token.Length > Secrets.MaxTokenLength || !token.StartsWith(TokenPrefixes.EnrolmentToken, StringComparison.Ordinal))
        {
            return false;
        }

        var separator = token.LastIndexOf(Separator);
        var id = separator < 0 ? "" : token[TokenPrefixes.EnrolmentToken.Length..separator];
        if (!HostRules.IsValidHostId(id) || token.Length - separator - 1 != RandomPartLength)
        {
            return false;
        }

        hostId = id;
        return true;
    }
}

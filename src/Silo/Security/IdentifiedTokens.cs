using System.Buffers;
using System.Buffers.Text;

namespace GameOps.Silo.Security;

/// <summary>
/// Tokens that name their own grain (org API keys <c>gok_</c>, invites <c>goi_</c>): the prefix, the id (32 lowercase
/// hex digits), then 256 random bits in base64url. The id is not secret; the whole token's SHA-256 is what is stored
/// and compared.
/// </summary>
public static class IdentifiedTokens
{
    private const int IdLength = 32;
    private const int SecretLength = 43;

    private static readonly SearchValues<char> LowercaseHex = SearchValues.Create("0123456789abcdef");

    public static string New(string prefix, out string id)
    {
        id = Guid.NewGuid().ToString("N");
        return Secrets.NewToken(prefix + id);
    }

    /// <summary>The id of a well-formed token with this prefix; false for anything else, looked at no further.</summary>
    public static bool TryReadId(string prefix, string token, out string id)
    {
        id = "";
        if (token.Length != prefix.Length + IdLength + SecretLength || !token.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var text = token.AsSpan(prefix.Length, IdLength);
        if (text.ContainsAnyExcept(LowercaseHex) || !Base64Url.IsValid(token.AsSpan(prefix.Length + IdLength)))
        {
            return false;
        }

        id = text.ToString();
        return true;
    }
}

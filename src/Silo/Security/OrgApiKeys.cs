using System.Buffers;
using System.Buffers.Text;

namespace GameOps.Silo.Security;

/// <summary>
/// An org API key's text: <c>gok_</c>, the key's id (32 lowercase hex digits, which names its grain), then 256 random
/// bits in base64url. The id is not secret; the whole key's SHA-256 is what is stored and compared.
/// </summary>
public static class OrgApiKeys
{
    private const int IdLength = 32;
    private const int SecretLength = 43;

    private static readonly SearchValues<char> LowercaseHex = SearchValues.Create("0123456789abcdef");

    public static string New(out string keyId)
    {
        keyId = Guid.NewGuid().ToString("N");
        return Secrets.NewToken(TokenPrefixes.ApiKey + keyId);
    }

    /// <summary>The key id of a well-formed org API key; false for anything else, looked at no further.</summary>
    public static bool TryReadId(string key, out string keyId)
    {
        keyId = "";
        if (key.Length != TokenPrefixes.ApiKey.Length + IdLength + SecretLength || !key.StartsWith(TokenPrefixes.ApiKey, StringComparison.Ordinal))
        {
            return false;
        }

        var id = key.AsSpan(TokenPrefixes.ApiKey.Length, IdLength);
        if (id.ContainsAnyExcept(LowercaseHex) || !Base64Url.IsValid(key.AsSpan(TokenPrefixes.ApiKey.Length + IdLength)))
        {
            return false;
        }

        keyId = id.ToString();
        return true;
    }
}

using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace GameOps.Silo.Security;

/// <summary>
/// Tokens that others present to us (host credentials, API keys): 256 random bits, shown once,
/// stored only as SHA-256. A fast hash is right here: the token has full entropy, and 10,000 agents
/// reconnecting at once must not wait on PBKDF2.
/// </summary>
public static class Secrets
{
    public const int MaxTokenLength = 256;

    /// <summary>A new token: a readable prefix naming its kind (for secret scanners), then 256 bits in base64url.</summary>
    public static string NewToken(string prefix) =>
        prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static byte[] Hash(string token)
    {
        Span<byte> utf8 = token.Length <= MaxTokenLength ? stackalloc byte[MaxTokenLength * 3] : new byte[Encoding.UTF8.GetMaxByteCount(token.Length)];
        var length = Encoding.UTF8.GetBytes(token, utf8);
        return SHA256.HashData(utf8[..length]);
    }
}

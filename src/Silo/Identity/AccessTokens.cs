using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GameOps.Grains;
using GameOps.Grains.Identity;

namespace GameOps.Silo.Identity;

/// <summary>
/// Short-lived access tokens for scripts that sign in as a user: compact JWS (RFC 7515) with HS256 only, claims
/// <c>iss</c>, <c>sub</c> (the user id), <c>iat</c>, <c>exp</c>, and <c>sst</c>, the user's security stamp when it was
/// issued (<see cref="UserView.SecurityStamp"/>), which the caller compares with the user's current one. Any other header (<c>alg: none</c> included) is
/// refused; the signature is compared in constant time.
/// </summary>
public sealed class AccessTokens(AccessTokenKey key, IDomainClock clock)
{
    public const string Issuer = "gameops";
    public const int MaxLength = 2048;
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    // The one header this issuer writes; a token is accepted only with exactly it.
    private static readonly string Header = Base64Url.EncodeToString("""{"alg":"HS256","typ":"JWT"}"""u8);

    public async Task<string> IssueAsync(UserView user)
    {
        var now = clock.UtcNow.ToUnixTimeSeconds();
        var payload = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new Payload(Issuer, user.Id, now, now + (long)Lifetime.TotalSeconds, user.SecurityStamp)));
        var signed = $"{Header}.{payload}";
        return $"{signed}.{Base64Url.EncodeToString(HMACSHA256.HashData(await key.GetAsync(), Encoding.ASCII.GetBytes(signed)))}";
    }

    /// <summary>The user id a valid, unexpired token was issued to, with the security stamp it carries; null for anything else.</summary>
    public async Task<(string UserId, string SecurityStamp)?> ValidateAsync(string token)
    {
        if (token.Length > MaxLength || token.Split('.') is not [var header, var payload, var signature] || header != Header)
        {
            return null;
        }

        var presented = new byte[HMACSHA256.HashSizeInBytes];
        if (signature.Length != Base64Url.GetEncodedLength(presented.Length)
            || !Base64Url.TryDecodeFromChars(signature, presented, out var written) || written != presented.Length)
        {
            return null;
        }

        byte[] signingKey;
        try
        {
            signingKey = await key.GetAsync();
        }
        catch (CryptographicException)
        {
            // A key ring that cannot read the stored key (logged by AccessTokenKey) can vouch for no token.
            return null;
        }

        var expected = HMACSHA256.HashData(signingKey, Encoding.ASCII.GetBytes(token.AsSpan(0, header.Length + 1 + payload.Length).ToString()));
        if (!CryptographicOperations.FixedTimeEquals(expected, presented))
        {
            return null;
        }

        Payload? claims;
        try
        {
            claims = JsonSerializer.Deserialize<Payload>(Base64Url.DecodeFromChars(payload));
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            return null;
        }

        return claims is { Iss: Issuer, Sub: { Length: > 0 } userId, Sst: { } stamp } && clock.UtcNow.ToUnixTimeSeconds() < claims.Exp
            ? (userId, stamp)
            : null;
    }

    private sealed record Payload(
        [property: System.Text.Json.Serialization.JsonPropertyName("iss")] string Iss,
        [property: System.Text.Json.Serialization.JsonPropertyName("sub")] string Sub,
        [property: System.Text.Json.Serialization.JsonPropertyName("iat")] long Iat,
        [property: System.Text.Json.Serialization.JsonPropertyName("exp")] long Exp,
        [property: System.Text.Json.Serialization.JsonPropertyName("sst")] string? Sst);
}

using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace GameOps.EdgeAgent.Configuration;

/// <summary>
/// The SHA-256 hash of a certificate's DER bytes: the one certificate the agent trusts for its gateway.
/// Written as 64 hex digits, in either case, optionally separated by colons (as <c>openssl x509 -fingerprint</c> prints it).
/// </summary>
public sealed class CertificateFingerprint : IEquatable<CertificateFingerprint>
{
    private const int HashBytes = 32;
    private readonly byte[] _hash;

    private CertificateFingerprint(byte[] hash) => _hash = hash;

    /// <summary>Normalises <paramref name="text"/>; false when it is not 32 bytes of hex after colons are removed.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out CertificateFingerprint? fingerprint)
    {
        fingerprint = null;
        if (text is null)
        {
            return false;
        }

        var hex = text.Trim().Replace(":", string.Empty, StringComparison.Ordinal);
        if (hex.Length != HashBytes * 2 || !hex.All(char.IsAsciiHexDigit))
        {
            return false;
        }

        fingerprint = new CertificateFingerprint(Convert.FromHexString(hex));
        return true;
    }

    public static CertificateFingerprint Parse(string text) =>
        TryParse(text, out var fingerprint)
            ? fingerprint
            : throw new FormatException("A certificate fingerprint is 64 hex digits (a SHA-256 hash), optionally separated by colons.");

    /// <summary>The fingerprint of <paramref name="certificate"/>.</summary>
    public static CertificateFingerprint Of(X509Certificate certificate) =>
        new(certificate.GetCertHash(HashAlgorithmName.SHA256));

    /// <summary>Whether <paramref name="certificate"/> is exactly the pinned certificate.</summary>
    public bool Matches(X509Certificate certificate) =>
        CryptographicOperations.FixedTimeEquals(_hash, certificate.GetCertHash(HashAlgorithmName.SHA256));

    /// <summary>Upper-case hex without separators, 64 characters.</summary>
    public string ToHex() => Convert.ToHexString(_hash);

    /// <summary>Upper-case hex pairs separated by colons, as <c>openssl x509 -fingerprint -sha256</c> prints it.</summary>
    public override string ToString() => string.Join(':', _hash.Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));

    public bool Equals(CertificateFingerprint? other) => other is not null && _hash.AsSpan().SequenceEqual(other._hash);

    public override bool Equals(object? obj) => Equals(obj as CertificateFingerprint);

    public override int GetHashCode() => BitConverter.ToInt32(_hash, 0);
}

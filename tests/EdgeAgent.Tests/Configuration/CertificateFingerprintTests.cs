using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GameOps.EdgeAgent.Configuration;

namespace GameOps.EdgeAgent.Tests.Configuration;

public sealed class CertificateFingerprintTests
{
    [Fact]
    public void Colons_and_case_are_ignored()
    {
        var plain = CertificateFingerprint.Parse(string.Concat(Enumerable.Repeat("ab", 32)));
        var openssl = CertificateFingerprint.Parse(string.Join(':', Enumerable.Repeat("AB", 32)));

        Assert.Equal(plain, openssl);
        Assert.Equal(string.Concat(Enumerable.Repeat("AB", 32)), plain.ToHex());
        Assert.Equal(string.Join(':', Enumerable.Repeat("AB", 32)), plain.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("abcd")]
    [InlineData("zz00000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("00000000000000000000000000000000000000000000000000000000000000000")]
    public void Anything_but_32_hex_bytes_is_refused(string text)
    {
        Assert.False(CertificateFingerprint.TryParse(text, out _));
    }

    [Fact]
    public void Matches_exactly_the_certificate_it_was_taken_from()
    {
        using var pinned = SelfSigned("CN=pinned");
        using var other = SelfSigned("CN=pinned");
        var fingerprint = CertificateFingerprint.Parse(Convert.ToHexString(SHA256.HashData(pinned.RawData)).ToLowerInvariant());

        Assert.True(fingerprint.Matches(pinned));
        Assert.False(fingerprint.Matches(other));
        Assert.Equal(fingerprint, CertificateFingerprint.Of(pinned));
    }

    internal static X509Certificate2 SelfSigned(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

        // Through PKCS#12 so the private key is usable by a TLS server on every platform.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), password: null);
    }
}

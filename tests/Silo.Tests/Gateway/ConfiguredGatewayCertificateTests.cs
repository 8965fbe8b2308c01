using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GameOps.Silo.Gateway;
using Microsoft.AspNetCore.DataProtection;

namespace GameOps.Silo.Tests.Gateway;

/// <summary>A gateway certificate given in configuration: every silo reading the same files presents one fingerprint.</summary>
public sealed class ConfiguredGatewayCertificateTests : IDisposable
{
    private static readonly IDataProtector Unused = new EphemeralDataProtectionProvider().CreateProtector("unused");
    private readonly TempDirectory _folder = new();

    [Fact]
    public void A_pem_certificate_and_its_key_file_load_with_the_private_key_and_the_files_fingerprint()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var original = SelfSigned(key);
        File.WriteAllText(_folder.Combine("gateway.crt"), original.ExportCertificatePem());
        File.WriteAllText(_folder.Combine("gateway.key"), key.ExportPkcs8PrivateKeyPem());

        using var loaded = Load(new GatewayOptions { CertificateFile = _folder.Combine("gateway.crt"), CertificateKeyFile = _folder.Combine("gateway.key") });

        Assert.True(loaded.HasPrivateKey);
        Assert.Equal(GatewayCertificate.Fingerprint(original), GatewayCertificate.Fingerprint(loaded));
    }

    [Fact]
    public void A_password_protected_pfx_loads_with_its_password()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var original = SelfSigned(key);
        File.WriteAllBytes(_folder.Combine("gateway.pfx"), original.Export(X509ContentType.Pfx, "pfx-secret"));

        using var loaded = Load(new GatewayOptions { CertificateFile = _folder.Combine("gateway.pfx"), CertificatePassword = "pfx-secret" });

        Assert.True(loaded.HasPrivateKey);
        Assert.Equal(GatewayCertificate.Fingerprint(original), GatewayCertificate.Fingerprint(loaded));
    }

    [Fact]
    public void A_pem_certificate_without_its_key_is_refused_naming_the_key_setting()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var original = SelfSigned(key);
        File.WriteAllText(_folder.Combine("gateway.crt"), original.ExportCertificatePem());

        var refused = Assert.Throws<InvalidOperationException>(() => Load(new GatewayOptions { CertificateFile = _folder.Combine("gateway.crt") }));

        Assert.Contains("GameOps:Gateway:CertificateKeyFile", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_refused_naming_the_setting_and_the_path()
    {
        var missing = _folder.Combine("missing.pfx");

        var refused = Assert.Throws<InvalidOperationException>(() => Load(new GatewayOptions { CertificateFile = missing }));

        Assert.Contains("GameOps:Gateway:CertificateFile", refused.Message, StringComparison.Ordinal);
        Assert.Contains(missing, refused.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();

    private static X509Certificate2 Load(GatewayOptions options) => new ConfiguredGatewayCertificate(options).LoadOrCreate(Unused);

    private static X509Certificate2 SelfSigned(ECDsa key) =>
        new CertificateRequest("CN=gateway.example", key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
}

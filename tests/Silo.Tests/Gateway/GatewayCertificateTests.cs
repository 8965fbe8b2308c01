using System.Security.Cryptography.X509Certificates;
using GameOps.Silo.Gateway;
using Microsoft.AspNetCore.DataProtection;

namespace GameOps.Silo.Tests.Gateway;

/// <summary>The gateway certificate is kept protected by the key ring; a plain file from an earlier version is migrated.</summary>
public sealed class GatewayCertificateTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    private string ProtectedPath => _folder.Combine("data", "gateway-certificate.protected");

    private string PlainPath => _folder.Combine("data", GatewayCertificate.PlainFileName);

    [Fact]
    public void New_certificate_is_stored_protected_and_read_back_as_the_same_certificate()
    {
        var protector = Protector("keys");

        using var made = GatewayCertificate.LoadOrCreate(ProtectedPath, protector);
        using var loaded = GatewayCertificate.LoadOrCreate(ProtectedPath, protector);

        Assert.True(made.HasPrivateKey);
        Assert.Equal(made.Thumbprint, loaded.Thumbprint);
        Assert.False(IsPkcs12(File.ReadAllBytes(ProtectedPath)));
    }

    [Fact]
    public void Plain_file_of_an_earlier_version_is_protected_and_deleted_keeping_the_fingerprint()
    {
        var protector = Protector("keys");
        Directory.CreateDirectory(_folder.Combine("data"));
        using var key = System.Security.Cryptography.ECDsa.Create();
        using var original = new CertificateRequest("CN=earlier", key, System.Security.Cryptography.HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        File.WriteAllBytes(PlainPath, original.Export(X509ContentType.Pfx));

        using var migrated = GatewayCertificate.LoadOrCreate(ProtectedPath, protector);

        Assert.Equal(GatewayCertificate.Fingerprint(original), GatewayCertificate.Fingerprint(migrated));
        Assert.False(File.Exists(PlainPath));
        Assert.False(IsPkcs12(File.ReadAllBytes(ProtectedPath)));
    }

    [Fact]
    public void Certificate_from_another_key_ring_is_refused_with_what_to_do()
    {
        using (GatewayCertificate.LoadOrCreate(ProtectedPath, Protector("keys")))
        {
        }

        var refused = Assert.Throws<InvalidOperationException>(() => GatewayCertificate.LoadOrCreate(ProtectedPath, Protector("other-keys")));

        Assert.Contains("GameOps:DataProtection:KeyDirectory", refused.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();

    private IDataProtector Protector(string keyFolder) =>
        DataProtectionProvider.Create(new DirectoryInfo(_folder.Combine(keyFolder)), b => b.SetApplicationName("GameOps")).CreateProtector(GatewayCertificate.Purpose);

    private static bool IsPkcs12(byte[] bytes)
    {
        try
        {
            using var certificate = X509CertificateLoader.LoadPkcs12(bytes, password: null);
            return true;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return false;
        }
    }
}

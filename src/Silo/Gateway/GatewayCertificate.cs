using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace GameOps.Silo.Gateway;

/// <summary>
/// The gateway's self-signed TLS certificate, made at first start and kept beside the database. Agents
/// trust it by pinning its SHA-256 fingerprint, so no certificate authority is involved.
/// </summary>
public static class GatewayCertificate
{
    public static X509Certificate2 LoadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            return X509CertificateLoader.LoadPkcs12FromFile(path, password: null);
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN=GameOps gateway ({Dns.GetHostName()})", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(Dns.GetHostName());
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(10));

        OwnerOnly.CreateFolderOf(path);
        var pfx = certificate.Export(X509ContentType.Pfx);
        using (var file = new FileStream(path, OwnerOnly.WriteOptions(FileMode.CreateNew)))
        {
            file.Write(pfx);
        }

        return X509CertificateLoader.LoadPkcs12(pfx, password: null);
    }

    /// <summary>The SHA-256 fingerprint agents pin, as colon-separated upper-case hex.</summary>
    public static string Fingerprint(X509Certificate2 certificate) =>
        string.Join(':', certificate.GetCertHash(HashAlgorithmName.SHA256).Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));
}

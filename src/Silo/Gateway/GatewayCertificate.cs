using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace GameOps.Silo.Gateway;

/// <summary>
/// The gateway's self-signed TLS certificate, made at first start and kept beside the database, its PKCS#12 bytes
/// (private key included) protected with the silo's Data Protection key ring. Agents trust it by pinning its SHA-256
/// fingerprint, so no certificate authority is involved.
/// </summary>
public static class GatewayCertificate
{
    /// <summary>Data Protection's purpose string for the certificate: a key ring protects nothing else with it.</summary>
    public const string Purpose = "GameOps.Gateway.Certificate.v1";

    /// <summary>The file earlier versions kept the certificate in, unprotected, beside the protected one.</summary>
    public const string PlainFileName = "gateway-certificate.pfx";

    /// <summary>
    /// The certificate at <paramref name="path"/>; else the plain <see cref="PlainFileName"/> beside it, protected into
    /// <paramref name="path"/> and then deleted; else a new one. A plain PKCS#12 file at <paramref name="path"/> itself
    /// (a path set to an earlier version's file) is protected in place.
    /// </summary>
    public static X509Certificate2 LoadOrCreate(string path, IDataProtector protector)
    {
        path = Path.GetFullPath(path);
        var plainBeside = Path.Combine(Path.GetDirectoryName(path)!, PlainFileName);
        byte[] pfx;
        if (File.Exists(path))
        {
            var stored = File.ReadAllBytes(path);
            if (TryUnprotect(protector, stored) is { } unprotected)
            {
                return X509CertificateLoader.LoadPkcs12(unprotected, password: null);
            }

            pfx = IsPlainPkcs12(stored) ? stored : throw new InvalidOperationException(
                $"The gateway certificate {path} cannot be read with this silo's Data Protection key ring " +
                "(GameOps:DataProtection:KeyDirectory). Restore the key ring, or delete the file to make a new certificate " +
                "(every agent must then pin its new fingerprint).");
            OwnerOnly.ReplaceFile(path, protector.Protect(pfx));
        }
        else if (!string.Equals(plainBeside, path, StringComparison.Ordinal) && File.Exists(plainBeside))
        {
            pfx = File.ReadAllBytes(plainBeside);
            OwnerOnly.ReplaceFile(path, protector.Protect(pfx));
            File.Delete(plainBeside);
        }
        else
        {
            pfx = CreateSelfSigned();
            OwnerOnly.ReplaceFile(path, protector.Protect(pfx));
        }

        CryptographicOperations.ZeroMemory(pfx);
        return LoadOrCreate(path, protector);
    }

    /// <summary>The SHA-256 fingerprint agents pin, as colon-separated upper-case hex.</summary>
    public static string Fingerprint(X509Certificate2 certificate) =>
        string.Join(':', certificate.GetCertHash(HashAlgorithmName.SHA256).Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>A new self-signed certificate for this machine's name, localhost and 127.0.0.1, as PKCS#12 bytes.</summary>
    public static byte[] CreateSelfSigned()
    {
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
        return certificate.Export(X509ContentType.Pfx);
    }

    private static byte[]? TryUnprotect(IDataProtector protector, byte[] stored)
    {
        try
        {
            return protector.Unprotect(stored);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private static bool IsPlainPkcs12(byte[] bytes)
    {
        try
        {
            using var certificate = X509CertificateLoader.LoadPkcs12(bytes, password: null);
            return certificate.HasPrivateKey;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace GameOps.Silo.Gateway;

/// <summary>
/// The gateway certificate an operator gives in configuration (<see cref="GatewayOptions.CertificateFile"/>): a PKCS#12
/// file, or a PEM certificate with its PEM key. Every silo given the same files presents the same fingerprint, with no
/// certificate made or stored by GameOps.
/// </summary>
public sealed class ConfiguredGatewayCertificate(GatewayOptions options) : IGatewayCertificateSource
{
    public X509Certificate2 LoadOrCreate(IDataProtector protector)
    {
        var file = options.CertificateFile ?? throw new InvalidOperationException($"{GatewayOptions.Section}:{nameof(GatewayOptions.CertificateFile)} is not set.");
        X509Certificate2 certificate;
        try
        {
            certificate = IsPkcs12(file)
                ? X509CertificateLoader.LoadPkcs12FromFile(file, options.CertificatePassword)
                : string.IsNullOrEmpty(options.CertificatePassword)
                    ? X509Certificate2.CreateFromPemFile(file, options.CertificateKeyFile)
                    : X509Certificate2.CreateFromEncryptedPemFile(file, options.CertificatePassword, options.CertificateKeyFile);
        }
        catch (Exception exception) when (exception is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException(
                $"The gateway certificate in {GatewayOptions.Section}:{nameof(GatewayOptions.CertificateFile)} ({file}) cannot be read: " +
                $"{exception.Message} Give a PKCS#12 file (.pfx, .p12), or a PEM certificate with its key in the same file or in " +
                $"{GatewayOptions.Section}:{nameof(GatewayOptions.CertificateKeyFile)}.", exception);
        }

        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new InvalidOperationException(
                $"The gateway certificate in {GatewayOptions.Section}:{nameof(GatewayOptions.CertificateFile)} ({file}) has no private key: " +
                $"set {GatewayOptions.Section}:{nameof(GatewayOptions.CertificateKeyFile)} to its PEM key.");
        }

        return certificate;
    }

    private static bool IsPkcs12(string file) =>
        file.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || file.EndsWith(".p12", StringComparison.OrdinalIgnoreCase);
}

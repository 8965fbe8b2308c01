using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace GameOps.Silo.Gateway;

/// <summary>The gateway's TLS certificate when its endpoint is https; made (or migrated) on first use.</summary>
public sealed class GatewayCertificateHolder(bool isTls, IGatewayCertificateSource source, IDataProtectionProvider dataProtection)
{
    private readonly Lazy<X509Certificate2> _certificate = new(() => source.LoadOrCreate(dataProtection.CreateProtector(GatewayCertificate.Purpose)));

    public bool IsTls { get; } = isTls;

    public X509Certificate2? Certificate => IsTls ? _certificate.Value : null;

    public string? Fingerprint => Certificate is { } value ? GatewayCertificate.Fingerprint(value) : null;
}

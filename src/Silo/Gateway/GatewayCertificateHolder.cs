using System.Security.Cryptography.X509Certificates;

namespace GameOps.Silo.Gateway;

/// <summary>The gateway's TLS certificate when its endpoint is https; made on first use.</summary>
public sealed class GatewayCertificateHolder(bool isTls, Lazy<X509Certificate2> certificate)
{
    public bool IsTls { get; } = isTls;

    public X509Certificate2? Certificate => IsTls ? certificate.Value : null;

    public string? Fingerprint => Certificate is { } value ? GatewayCertificate.Fingerprint(value) : null;
}

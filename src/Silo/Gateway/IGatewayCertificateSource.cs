using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace GameOps.Silo.Gateway;

/// <summary>Where the gateway's certificate is kept, protected with Data Protection: the data folder, or the cluster's store.</summary>
public interface IGatewayCertificateSource
{
    /// <summary>The stored certificate with its private key; made and stored first when there is none.</summary>
    X509Certificate2 LoadOrCreate(IDataProtector protector);
}

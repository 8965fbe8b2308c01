using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GameOps.Grains.Platform;
using GameOps.Silo.Hosting;
using Microsoft.AspNetCore.DataProtection;

namespace GameOps.Silo.Gateway;

/// <summary>
/// The gateway certificate of a cluster, made once by the first silo that needs it and kept in the platform grain,
/// protected with the key ring every silo shares: every silo presents the one fingerprint agents pin.
/// </summary>
public sealed class ClusterGatewayCertificate(IGrainFactory grains, ClusterConnection? connection = null) : IGatewayCertificateSource
{
    public X509Certificate2 LoadOrCreate(IDataProtector protector)
    {
        // A grain-less process binds its endpoints before a silo may have answered (ClusterConnection); the certificate is
        // the cluster's, so its gateway's bind waits for one.
        connection?.Connected.GetAwaiter().GetResult();
        var offered = GatewayCertificate.CreateSelfSigned();
        byte[] stored;
        try
        {
            // Kestrel asks for the certificate synchronously while it binds, once the silo has started.
            stored = grains.GetGrain<IPlatformGrain>(0).GetOrInitializeGatewayCertificateAsync(protector.Protect(offered)).GetAwaiter().GetResult();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(offered);
        }

        byte[] pfx;
        try
        {
            pfx = protector.Unprotect(stored);
        }
        catch (CryptographicException)
        {
            throw new InvalidOperationException(
                "The cluster's gateway certificate cannot be read with this silo's Data Protection key ring: every silo of a " +
                "cluster must use the same PostgreSQL database, whose key ring protected it.");
        }

        try
        {
            return X509CertificateLoader.LoadPkcs12(pfx, password: null);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pfx);
        }
    }
}

using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace GameOps.Silo.Gateway;

/// <summary>The gateway certificate in one silo's data folder (<see cref="GatewayOptions.CertificatePath"/>).</summary>
public sealed class DataFolderGatewayCertificate(IOptions<GatewayOptions> options) : IGatewayCertificateSource
{
    public X509Certificate2 LoadOrCreate(IDataProtector protector) => GatewayCertificate.LoadOrCreate(options.Value.CertificatePath, protector);
}

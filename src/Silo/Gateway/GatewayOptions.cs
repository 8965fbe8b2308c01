using System.ComponentModel.DataAnnotations;

namespace GameOps.Silo.Gateway;

public sealed class GatewayOptions
{
    public const string Section = "GameOps:Gateway";

    /// <summary>The Kestrel endpoint (under <c>Kestrel:Endpoints</c>) the agent gateway listens on.</summary>
    public const string EndpointName = "Gateway";

    /// <summary>Where an https gateway keeps its self-signed certificate, protected with the Data Protection key ring.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "GameOps:Gateway:CertificatePath must name the gateway certificate's file.")]
    public string CertificatePath { get; set; } = "data/gateway-certificate.protected";

    /// <summary>
    /// A certificate to present instead of one GameOps makes: a PKCS#12 file (<c>.pfx</c>, <c>.p12</c>) or a PEM
    /// certificate. Given to every silo of a cluster, each presents its fingerprint.
    /// </summary>
    public string? CertificateFile { get; set; }

    /// <summary>The PEM private key of <see cref="CertificateFile"/>, when it is not in the same file.</summary>
    public string? CertificateKeyFile { get; set; }

    /// <summary>The password of a PKCS#12 <see cref="CertificateFile"/> or of an encrypted PEM key; a secret, set it outside the settings file.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>
    /// The gateway's URL as agents reach it, for the install command (<c>https://gameops.example.com:5443</c>); when
    /// empty, the gateway endpoint's URL with a listen-on-every-address host replaced by this machine's name.
    /// </summary>
    public string? PublicUrl { get; set; }

    /// <summary>The largest message an agent may send.</summary>
    [Range(64 * 1024, 16 * 1024 * 1024, ErrorMessage = "GameOps:Gateway:MaxMessageBytes must be between 65536 and 16777216.")]
    public int MaxMessageBytes { get; set; } = 1024 * 1024;
}

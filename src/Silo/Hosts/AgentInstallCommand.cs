using System.Text.RegularExpressions;
using GameOps.Silo.Gateway;
using Microsoft.Extensions.Options;

namespace GameOps.Silo.Hosts;

/// <summary>
/// The command that installs and enrols an agent on a game host (deploy/install-agent.sh, run from the repository with
/// the agent published to out/): the gateway's URL as agents reach it, the certificate they pin, the token.
/// </summary>
public sealed partial class AgentInstallCommand(IConfiguration configuration, IOptions<GatewayOptions> options, GatewayCertificateHolder certificate)
{
    private readonly Lazy<string> _gatewayUrl = new(() => options.Value.PublicUrl is { Length: > 0 } publicUrl
        ? publicUrl.TrimEnd('/')
        : AnyAddress().Replace(configuration[$"Kestrel:Endpoints:{GatewayOptions.EndpointName}:Url"] ?? "http://127.0.0.1:5081", $"://{System.Net.Dns.GetHostName()}").TrimEnd('/'));

    public const string Script = "deploy/install-agent.sh";

    public string For(string token) =>
        certificate.Fingerprint is { } fingerprint
            ? $"sudo {Script} --control-plane-url {_gatewayUrl.Value} --certificate-fingerprint {fingerprint} --token {token}"
            : $"sudo {Script} --control-plane-url {_gatewayUrl.Value} --token {token}";

    // A gateway listening on every address is reached by this machine's name.
    [GeneratedRegex(@"://(\*|\+|0\.0\.0\.0|\[::\])(?=[:/]|$)")]
    private static partial Regex AnyAddress();
}

using System.Security.Cryptography;
using GameOps.AgentProtocol;
using Grpc.Net.Client;

namespace GameOps.TestSupport;

/// <summary>
/// The enrolment exchange as the agent's <c>enrol</c> verb makes it: the install command's token sent to the gateway
/// it names, over TLS pinned to its certificate fingerprint when it has one.
/// </summary>
public static class AgentEnrolment
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public static async Task<EnrolResponse> EnrolAsync(InstallCommand command)
    {
        var handler = new SocketsHttpHandler();
        if (command.CertificateFingerprint is { } fingerprint)
        {
            var pinned = Convert.FromHexString(fingerprint.Replace(":", "", StringComparison.Ordinal));
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                certificate is not null && CryptographicOperations.FixedTimeEquals(SHA256.HashData(certificate.GetRawCertData()), pinned);
        }

        using var channel = GrpcChannel.ForAddress(command.ControlPlaneUrl, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
        return await new AgentGateway.AgentGatewayClient(channel).EnrolAsync(new EnrolRequest { Token = command.Token }, deadline: DateTime.UtcNow.Add(Patience));
    }
}

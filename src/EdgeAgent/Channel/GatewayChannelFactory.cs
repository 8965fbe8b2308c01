using System.Net;
using GameOps.EdgeAgent.Configuration;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;

namespace GameOps.EdgeAgent.Channel;

/// <summary>
/// Builds the HTTP/2 channel to the gateway: h2c for an <c>http://</c> loopback URL (prior knowledge, no upgrade),
/// TLS for <c>https://</c> trusting exactly the certificate whose SHA-256 fingerprint the config pins, whatever
/// its issuer, name or dates (the control plane's certificate is self-signed in embedded mode).
/// </summary>
public static partial class GatewayChannelFactory
{
    public static GrpcChannel Create(AgentConfig config, AgentChannelOptions options, ILoggerFactory loggerFactory) =>
        Create(config.ControlPlaneUrl, config.CertificateFingerprint, options, loggerFactory);

    /// <param name="pinned">The gateway certificate's fingerprint; required for an <c>https://</c> URL.</param>
    public static GrpcChannel Create(Uri controlPlaneUrl, CertificateFingerprint? pinned, AgentChannelOptions options, ILoggerFactory loggerFactory)
    {
        var logger = loggerFactory.CreateLogger(typeof(GatewayChannelFactory));
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = options.ConnectTimeout,
            KeepAlivePingDelay = options.KeepAlivePingDelay,
            KeepAlivePingTimeout = options.KeepAlivePingTimeout,
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            EnableMultipleHttp2Connections = true,
            AllowAutoRedirect = false,

            // The agent dials its gateway directly: an environment proxy cannot carry h2c, and must not see the stream.
            UseProxy = false,
        };

        if (controlPlaneUrl.Scheme == Uri.UriSchemeHttps)
        {
            var pin = pinned ?? throw new ArgumentException("An https:// control plane URL needs a certificate fingerprint.", nameof(pinned));
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            {
                if (certificate is not null && pin.Matches(certificate))
                {
                    return true;
                }

                LogCertificateMismatch(logger, certificate is null ? "none" : CertificateFingerprint.Of(certificate).ToString(), pin.ToString());
                return false;
            };
        }

        return GrpcChannel.ForAddress(controlPlaneUrl, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            HttpVersion = HttpVersion.Version20,
            HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            LoggerFactory = loggerFactory,
        });
    }

    [LoggerMessage(EventId = 70, Level = LogLevel.Error,
        Message = "The control plane presented a certificate with SHA-256 fingerprint {Presented}, not the pinned {Pinned}; refusing to connect")]
    private static partial void LogCertificateMismatch(ILogger logger, string presented, string pinned);
}

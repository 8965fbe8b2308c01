using GameOps.Grains.Hosts;
using GameOps.Grains.ServerConsole;
using GameOps.Silo.Hosting;
using GameOps.Silo.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GameOps.Silo.Gateway;

public static partial class GatewayExtensions
{
    /// <summary>
    /// The agent gateway: gRPC on its own HTTP/2-only Kestrel endpoint (<c>Kestrel:Endpoints:Gateway</c>),
    /// h2c for an http:// URL on loopback, TLS with a self-signed certificate for an https:// URL.
    /// </summary>
    public static WebApplicationBuilder AddAgentGateway(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<AgentChannelOptions>().BindConfiguration(AgentChannelOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var options = builder.Configuration.GetSection(GatewayOptions.Section).Get<GatewayOptions>() ?? new GatewayOptions();
        var enabled = SiloRoleSet.Read(builder.Configuration).HasFlag(SiloRoles.AgentGateway);

        // Without the role, the gateway agents reach is another process's, at the public URL (which SiloRoleSet requires).
        var url = enabled ? builder.Configuration[$"Kestrel:Endpoints:{GatewayOptions.EndpointName}:Url"] : options.PublicUrl;
        var isTls = url?.StartsWith("https:", StringComparison.OrdinalIgnoreCase) == true;
        builder.Services.TryAddSingleton<IGatewayCertificateSource, DataFolderGatewayCertificate>();

        // Whichever source the mode registered, an operator's file wins.
        IGatewayCertificateSource? configured = string.IsNullOrEmpty(options.CertificateFile) ? null : new ConfiguredGatewayCertificate(options);
        builder.Services.AddSingleton(services => new GatewayCertificateHolder(
            isTls, configured ?? services.GetRequiredService<IGatewayCertificateSource>(), services.GetRequiredService<IDataProtectionProvider>()));
        builder.Services.AddSingleton<GameOps.Silo.Hosts.AgentInstallCommand>();
        if (isTls)
        {
            builder.Services.AddDataFolder<GatewayOptions>(gateway => DataFolder.Containing(gateway.CertificatePath));
        }

        if (!enabled)
        {
            // Without the role the gateway's endpoint is not bound, even when configured (the shipped settings name one):
            // a process beside the gateway-only one on the same machine must not take its port.
            builder.WebHost.ConfigureKestrel((context, kestrel) => kestrel.Configure(WithoutGatewayEndpoint(context.Configuration.GetSection("Kestrel")), reloadOnChange: false));
            return builder;
        }

        builder.WebHost.ConfigureKestrel((context, kestrel) =>
            kestrel.Configure(context.Configuration.GetSection("Kestrel"), reloadOnChange: false)
                .Endpoint(GatewayOptions.EndpointName, endpoint =>
                {
                    ListenerSeparationMiddleware.MarkGatewayConnections(endpoint.ListenOptions);
                    if (endpoint.IsHttps && endpoint.HttpsOptions.ServerCertificate is null
                        && kestrel.ApplicationServices.GetRequiredService<GatewayCertificateHolder>() is { Certificate: { } certificate } holder)
                    {
                        endpoint.HttpsOptions.ServerCertificate = certificate;
                        LogFingerprint(kestrel.ApplicationServices.GetRequiredService<ILogger<AgentGatewayService>>(), holder.Fingerprint!);
                    }
                }));

        builder.Services.AddGrpc(grpc => grpc.MaxReceiveMessageSize = options.MaxMessageBytes);
        builder.Services.AddSingleton<AgentConnectionRegistry>();
        builder.Services.AddSingleton(services => new ThreadPoolLoad(
            services.GetRequiredService<TimeProvider>(), services.GetRequiredService<IOptions<ConsoleOptions>>().Value.AckPacingQueueLength));
        builder.Services.AddHostedService<AgentConnectionSweeper>();
        return builder;
    }

    private static IConfiguration WithoutGatewayEndpoint(IConfiguration kestrel)
    {
        var gateway = $"Endpoints:{GatewayOptions.EndpointName}";
        return new ConfigurationBuilder().AddInMemoryCollection(kestrel.AsEnumerable(makePathsRelative: true).Where(setting =>
            setting.Key.Length > 0
            && !setting.Key.Equals(gateway, StringComparison.OrdinalIgnoreCase)
            && !setting.Key.StartsWith(gateway + ":", StringComparison.OrdinalIgnoreCase))).Build();
    }

    /// <summary>Answers a request that came in on the wrong listener: see <see cref="ListenerSeparationMiddleware"/>.</summary>
    public static IApplicationBuilder UseListenerSeparation(this IApplicationBuilder app) =>
        app.UseMiddleware<ListenerSeparationMiddleware>();

    public static IEndpointRouteBuilder MapAgentGateway(this IEndpointRouteBuilder app)
    {
        if (app.ServiceProvider.GetRequiredService<IOptions<SiloOptions>>().Value.Roles.HasFlag(SiloRoles.AgentGateway))
        {
            // Agents are not limited by the API's rate limits (ApiRateLimits): said here too, so the limiter's middleware passes
            // each stream on without keeping a frame and a lease for its whole life.
            app.MapGrpcService<AgentGatewayService>().WithMetadata(GatewayEndpointMetadata.Instance).DisableRateLimiting();
        }

        return app;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent gateway TLS certificate SHA-256 fingerprint (each agent's certificateFingerprint): {Fingerprint}")]
    private static partial void LogFingerprint(ILogger logger, string fingerprint);
}

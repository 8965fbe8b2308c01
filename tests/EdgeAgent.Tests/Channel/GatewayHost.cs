using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GameOps.EdgeAgent.Tests.Channel;

/// <summary>The gateway double served by Kestrel on 127.0.0.1 and an ephemeral port, HTTP/2 only: h2c, or TLS with a given certificate.</summary>
public sealed class GatewayHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _tcpConnections;

    private GatewayHost(WebApplication app, GatewayDouble gateway)
    {
        _app = app;
        Gateway = gateway;
    }

    public GatewayDouble Gateway { get; }

    public string Url { get; private set; } = string.Empty;

    /// <summary>TCP connections accepted, counted before any TLS handshake.</summary>
    public int TcpConnections => Volatile.Read(ref _tcpConnections);

    public static async Task<GatewayHost> StartAsync(X509Certificate2? certificate = null, ILoggerProvider? logs = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
            builder.Logging.SetMinimumLevel(LogLevel.Debug);
        }
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.Services.AddGrpc();
        var gateway = new GatewayDouble();
        builder.Services.AddSingleton(gateway);
        GatewayHost? host = null;
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            listen.Use(next => context =>
            {
                Interlocked.Increment(ref host!._tcpConnections);
                return next(context);
            });
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }));

        var app = builder.Build();
        app.MapGrpcService<GatewayDouble>();
        host = new GatewayHost(app, gateway);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        host.Url = address;
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        Gateway.DropAll();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

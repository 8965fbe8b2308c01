using System.Globalization;
using System.Net;
using GameOps.Silo.Tests.Api;
using Microsoft.AspNetCore.Hosting;

namespace GameOps.Silo.Tests.Security;

/// <summary>
/// The silo in process on real sockets, the API and the agent gateway each on a loopback port of its own as the
/// shipped settings have them, so a test can walk the app's own endpoint list over either.
/// </summary>
public class ListeningSiloFactory : ApiFactory
{
    public ListeningSiloFactory()
    {
        UseKestrel();
    }

    public SiloPorts Ports { get; } = SiloPorts.Free();

    public Uri ApiAddress => new($"http://127.0.0.1:{Ports.Api.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>h2c, as the shipped settings serve it on loopback.</summary>
    public Uri GatewayAddress => new($"http://127.0.0.1:{Ports.Gateway.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>A client of the gateway's port, speaking HTTP/2 from the first byte as an agent does.</summary>
    public HttpClient CreateGatewayClient() => new()
    {
        BaseAddress = GatewayAddress,
        DefaultRequestVersion = HttpVersion.Version20,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        Timeout = TimeSpan.FromSeconds(30),
    };

    public HttpClient CreateApiClient() => new() { BaseAddress = ApiAddress, Timeout = TimeSpan.FromSeconds(30) };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Kestrel:Endpoints:Api:Url", ApiAddress.ToString());
        builder.UseSetting("Kestrel:Endpoints:Gateway:Url", GatewayAddress.ToString());
    }
}

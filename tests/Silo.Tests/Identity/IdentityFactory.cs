using GameOps.Grains;
using GameOps.Silo.Tests.Api;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace GameOps.Silo.Tests.Identity;

/// <summary>The silo in process with a domain clock the tests move (key expiry, lockout).</summary>
public sealed class IdentityFactory : ApiFactory
{
    public MovableDomainClock Clock { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<IDomainClock>(Clock));
    }
}

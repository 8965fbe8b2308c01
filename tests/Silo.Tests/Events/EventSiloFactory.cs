using GameOps.Silo.Events;
using GameOps.Silo.Tests.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace GameOps.Silo.Tests.Events;

/// <summary>The silo on real sockets, its SSE keep-alive on a clock the tests move, and small per-client queues.</summary>
public sealed class EventSiloFactory : ListeningSiloFactory
{
    public const int ViewerQueueCapacity = 4;

    public FakeTimeProvider KeepAliveClock { get; } = new();

    public OrgEventHub Hub => Services.GetRequiredService<OrgEventHub>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("GameOps:Events:ViewerQueueCapacity", ViewerQueueCapacity.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.ConfigureTestServices(services => services.AddKeyedSingleton<TimeProvider>(EventEndpoints.ClockKey, KeepAliveClock));
    }
}

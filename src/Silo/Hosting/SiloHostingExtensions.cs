using System.Net;
using GameOps.Grains;
using GameOps.Grains.Alerts;
using GameOps.Grains.Events;
using GameOps.Grains.Observability;
using GameOps.Silo.Events;
using GameOps.Silo.Storage.Sqlite;
using Orleans.Configuration;

namespace GameOps.Silo.Hosting;

public static class SiloHostingExtensions
{
    /// <summary>Hosts the Orleans silo in this process, in the mode configuration selects.</summary>
    public static WebApplicationBuilder AddGameOpsSilo(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SiloOptions>().BindConfiguration(SiloOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var options = builder.Configuration.GetSection(SiloOptions.Section).Get<SiloOptions>() ?? new SiloOptions();
        var events = builder.Configuration.GetSection(EventStreamOptions.Section).Get<EventStreamOptions>() ?? new EventStreamOptions();
        if (options.Mode != HostingMode.Embedded)
        {
            throw new InvalidOperationException(
                $"GameOps:Silo:Mode '{options.Mode}' is not available in this build; use '{HostingMode.Embedded}'.");
        }

        builder.Services.AddSingleton<IDomainClock, SystemDomainClock>();
        builder.Services.AddSingleton<GameOpsMetrics>();
        builder.Services.AddOptions<AlertOptions>().BindConfiguration(AlertOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, serviceId: options.ServiceId, clusterId: options.ClusterId);
            silo.Configure<EndpointOptions>(endpoints => endpoints.AdvertisedIPAddress = IPAddress.Loopback);
            silo.AddSqliteStorage(StorageNames.GameOps, "PubSubStore");
            switch (events.Provider)
            {
                case EventStreamProvider.Memory:
                    silo.AddMemoryStreams(OrgEventStreams.ProviderName, streams =>
                    {
                        // Each queue is polled every period, idle or not: a few queues polled often keep an event's
                        // delivery well under Orleans' default 100 ms for a few hundred local calls a second.
                        streams.ConfigurePartitioning(4);
                        streams.ConfigurePullingAgent(agent => agent.Configure(o => o.GetQueueMsgsTimerPeriod = events.PollPeriod));
                    });
                    break;
                default:
                    throw new InvalidOperationException(
                        $"GameOps:Events:Provider '{events.Provider}' is not available in this build; use '{EventStreamProvider.Memory}'.");
            }
        });
        return builder;
    }
}

using System.Net;
using GameOps.Grains;
using GameOps.Grains.Alerts;
using GameOps.Grains.Events;
using GameOps.Grains.Observability;
using GameOps.Silo.Events;
using GameOps.Silo.Gateway;
using GameOps.Silo.Health;
using GameOps.Silo.Identity;
using GameOps.Silo.Security;
using GameOps.Silo.Storage.Postgres;
using GameOps.Silo.Storage.Sqlite;
using StackExchange.Redis;
using Orleans.Configuration;
using GameOps.Grains.Identity;

namespace GameOps.Silo.Hosting;

public static class SiloHostingExtensions
{
    /// <summary>The grain storage Orleans' stream pub-sub keeps its subscriptions in.</summary>
    public const string PubSubStorageName = "PubSubStore";

    /// <summary>
    /// Hosts the Orleans silo in this process, in the mode configuration selects; or, for a process of a cluster whose
    /// roles leave out <see cref="SiloRoles.Grains"/>, an Orleans client of the cluster's silos.
    /// </summary>
    public static WebApplicationBuilder AddGameOpsSilo(this WebApplicationBuilder builder)
    {
        var roles = SiloRoleSet.Read(builder.Configuration);
        builder.Services.AddOptions<SiloOptions>().BindConfiguration(SiloOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var options = builder.Configuration.GetSection(SiloOptions.Section).Get<SiloOptions>() ?? new SiloOptions();
        var events = builder.Configuration.GetSection(EventStreamOptions.Section).Get<EventStreamOptions>() ?? new EventStreamOptions();
        builder.Services.AddSingleton<IDomainClock, SystemDomainClock>();
        builder.Services.AddSingleton<GameOpsMetrics>();
        builder.Services.AddGameOpsIdentityGrains();
        builder.Services.AddOptions<AlertOptions>().BindConfiguration(AlertOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        if (!roles.HasFlag(SiloRoles.Grains))
        {
            return builder.AddClusterClient(options, events);
        }

        builder.UseOrleans(silo =>
        {
            // The one place that knows the modes: membership and every store, embedded or clustered.
            switch (options.Mode)
            {
                case HostingMode.Embedded:
                    silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, serviceId: options.ServiceId, clusterId: options.ClusterId);
                    silo.Configure<EndpointOptions>(endpoints => endpoints.AdvertisedIPAddress = IPAddress.Loopback);
                    silo.AddSqliteStorage(StorageNames.GameOps, PubSubStorageName);
                    break;
                case HostingMode.Cluster:
                    var cluster = ClusterModeOptions.Read(builder.Configuration);
                    silo.Configure<ClusterOptions>(ids =>
                    {
                        ids.ServiceId = options.ServiceId;
                        ids.ClusterId = options.ClusterId;
                    });
                    silo.Configure<EndpointOptions>(endpoints =>
                    {
                        endpoints.AdvertisedIPAddress = AdvertisedAddress(cluster);
                        endpoints.SiloPort = options.SiloPort;
                        endpoints.GatewayPort = options.GatewayPort;
                    });
                    silo.UseRedisClustering(redis => redis.ConfigurationOptions = ConfigurationOptions.Parse(cluster.RedisConnectionString));
                    silo.AddPostgresStorage(StorageNames.GameOps, PubSubStorageName);
                    builder.Services.AddRedisReadiness(cluster.RedisConnectionString);

                    // Made once for the cluster, as the admin key is: every silo presents the fingerprint agents pin.
                    builder.Services.AddSingleton<IGatewayCertificateSource, ClusterGatewayCertificate>();
                    break;
                default:
                    throw new InvalidOperationException($"GameOps:Silo:Mode '{options.Mode}' is not a mode; use '{HostingMode.Embedded}' or '{HostingMode.Cluster}'.");
            }

            CheckProvider(events);
            silo.AddMemoryStreams(OrgEventStreams.ProviderName, streams =>
            {
                // Each queue is polled every period, idle or not: a few queues polled often keep an event's
                // delivery well under Orleans' default 100 ms for a few hundred local calls a second.
                streams.ConfigurePartitioning(EventQueues);
                streams.ConfigurePullingAgent(agent => agent.Configure(o =>
                {
                    o.GetQueueMsgsTimerPeriod = events.PollPeriod;
                    o.BatchContainerBatchSize = events.DeliveryBatchSize;
                }));
            });
        });

        // The deployment's first start is made where the grains are, once the silo above has started (hosted services
        // start in registration order); a grain-less process neither waits for a silo in its start nor writes these files.
        builder.Services.AddHostedService<AdminKeyBootstrapper>();
        builder.Services.AddHostedService<SetupTokenBootstrapper>();
        return builder;
    }

    /// <summary>
    /// Joins the cluster as an Orleans client: grains are called through the silos' gateways (their
    /// <see cref="SiloOptions.GatewayPort"/>, found in the Redis membership table), stream subscriptions and the agents'
    /// observers are held by the silo the client is connected to, and the PostgreSQL tables are read directly.
    /// </summary>
    private static WebApplicationBuilder AddClusterClient(this WebApplicationBuilder builder, SiloOptions options, EventStreamOptions events)
    {
        var cluster = ClusterModeOptions.Read(builder.Configuration);
        CheckProvider(events);
        var registered = builder.Services.Count;
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(ids =>
            {
                ids.ServiceId = options.ServiceId;
                ids.ClusterId = options.ClusterId;
            });
            client.UseRedisClustering(redis => redis.ConfigurationOptions = ConfigurationOptions.Parse(cluster.RedisConnectionString));
            client.UseConnectionRetryFilter<ClusterConnectionRetry>();
            client.AddMemoryStreams(OrgEventStreams.ProviderName, streams => streams.ConfigurePartitioning(EventQueues));
        });
        builder.Services.ConnectInTheBackground(registered);
        builder.Services.AddPostgresRecords();
        builder.Services.AddRedisReadiness(cluster.RedisConnectionString);
        builder.Services.AddClusterConnectionReadiness();
        builder.Services.AddSingleton<IGatewayCertificateSource, ClusterGatewayCertificate>();
        return builder;
    }

    /// <summary>
    /// Moves the Orleans client's connection out of the host's start (<see cref="ClusterConnection"/>): the hosted service
    /// <c>UseOrleansClient</c> registered after <paramref name="from"/> is started by it instead, and requests wait for it
    /// behind <see cref="ClusterConnectionGate"/>, first in the pipeline.
    /// </summary>
    private static void ConnectInTheBackground(this IServiceCollection services, int from)
    {
        var added = services.Skip(from).Where(service => service.ServiceType == typeof(IHostedService)).ToArray();
        if (added is not [var orleansClient])
        {
            throw new InvalidOperationException($"Expected the Orleans client to register one hosted service, found {added.Length}.");
        }

        services.Remove(orleansClient);
        services.AddSingleton(provider => new ClusterConnection(
            (IHostedService)provider.GetRequiredService<IClusterClient>(),
            provider.GetRequiredService<IClusterManifestProvider>(),
            provider.GetRequiredService<IHostApplicationLifetime>(),
            provider.GetRequiredService<ILogger<ClusterConnection>>()));
        services.AddHostedService(provider => provider.GetRequiredService<ClusterConnection>());
        services.AddTransient<IStartupFilter, ClusterConnectionGateStartup>();
    }

    private sealed class ClusterConnectionGateStartup : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.UseMiddleware<ClusterConnectionGate>();
            next(app);
        };
    }

    // The client's provider must map a stream to the queue the silos' pulling agents read.
    private const int EventQueues = 4;

    private static void CheckProvider(EventStreamOptions events)
    {
        if (events.Provider != EventStreamProvider.Memory)
        {
            throw new InvalidOperationException(
                $"GameOps:Events:Provider '{events.Provider}' is not available in this build; use '{EventStreamProvider.Memory}'.");
        }
    }

    private static IPAddress AdvertisedAddress(ClusterModeOptions cluster) =>
        string.IsNullOrEmpty(cluster.AdvertisedAddress)
            ? Dns.GetHostAddresses(Dns.GetHostName()).FirstOrDefault(address => address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && !IPAddress.IsLoopback(address))
              ?? IPAddress.Loopback
            : IPAddress.Parse(cluster.AdvertisedAddress);
}

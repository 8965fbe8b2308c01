using GameOps.Grains;
using GameOps.Grains.Events;
using GameOps.Grains.Identity;
using GameOps.Grains.Observability;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.TestingHost;

namespace GameOps.Grains.Tests;

/// <summary>One in-process Orleans cluster shared by the grain tests; each test uses its own grain ids.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    /// <summary>How long jobs wait for an offline host in these tests; jobs that must not expire use a longer timeout.</summary>
    // Far longer than any test takes on a busy machine: the domain clock runs on real time (plus what tests add), and
    // filling a host's queue must not see its first jobs expire before the last is in.
    public static readonly TimeSpan QueueTimeout = TimeSpan.FromMinutes(30);

    // Long enough that a busy machine cannot stretch a test's steps past it (a job's deadline timer runs on real time),
    // short enough that the test waiting for it out stays quick.
    public static readonly TimeSpan AgentResultGrace = TimeSpan.FromSeconds(15);

    // Small, so filling a host's queue takes a moment even on a busy machine; room for the recent-job test's jobs.
    public const int MaxQueuedJobs = GameOps.Grains.Jobs.JobLimits.RecentJobsPerHost + 50;

    public TestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.GrainFactory;

    /// <summary>The domain clock of the (only) silo, which tests move by hand.</summary>
    public ManualDomainClock Clock => ((InProcessSiloHandle)Cluster.Primary!).SiloHost.Services.GetRequiredService<ManualDomainClock>();

    /// <summary>The calls that reached an org's alert grain or summary.</summary>
    public OrgGrainCallLog OrgGrainCalls => ((InProcessSiloHandle)Cluster.Primary!).SiloHost.Services.GetRequiredService<OrgGrainCallLog>();

    /// <summary>The state writes the tests make fail.</summary>
    public StorageFaults StorageFaults => ((InProcessSiloHandle)Cluster.Primary!).SiloHost.Services.GetRequiredService<StorageFaults>();

    /// <summary>Writes a grain's stored state directly, as a silo that died would have left it, before the grain activates.</summary>
    public Task StoreStateAsync<TState>(IAddressable grain, string stateName, TState state) =>
        ((InProcessSiloHandle)Cluster.Primary!).SiloHost.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.GameOps)
            .WriteStateAsync(stateName, grain.GetGrainId(), new GrainState<TState>(state));

    /// <summary>
    /// Changes a grain's stored state under the ETag it was read with, as another activation of the grain would: the
    /// activation that read the state before this write then fails its own next write.
    /// </summary>
    public async Task RewriteStoredStateAsync<TState>(IAddressable grain, string stateName, Action<TState> change)
        where TState : new()
    {
        var storage = ((InProcessSiloHandle)Cluster.Primary!).SiloHost.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.GameOps);
        var stored = new GrainState<TState>(new TState());
        await storage.ReadStateAsync(stateName, grain.GetGrainId(), stored);
        change(stored.State ?? throw new InvalidOperationException($"No {stateName} state is stored for {grain.GetGrainId()}."));
        await storage.WriteStateAsync(stateName, grain.GetGrainId(), stored);
    }

    /// <summary>What the store holds for a grain's state now, whatever its activation has in memory.</summary>
    public async Task<TState> ReadStoredStateAsync<TState>(IAddressable grain, string stateName)
        where TState : new()
    {
        var stored = new GrainState<TState>(new TState());
        await ((InProcessSiloHandle)Cluster.Primary!).SiloHost.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.GameOps)
            .ReadStateAsync(stateName, grain.GetGrainId(), stored);
        return stored.State ?? new TState();
    }

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(1);
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(Microsoft.Extensions.Configuration.IConfiguration configuration, IClientBuilder clientBuilder) =>
            clientBuilder.AddMemoryStreams(OrgEventStreams.ProviderName);
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            // The same state serializer as the SQLite storage, so a grain that reactivates reads its state as in production.
            siloBuilder.Services.AddSingleton<StorageFaults>();
            siloBuilder.Services.AddSingleton<OrgGrainCallLog>();
            siloBuilder.Services.AddSingleton<IIncomingGrainCallFilter>(sp => sp.GetRequiredService<OrgGrainCallLog>());
            siloBuilder.Services.AddGrainStorage(StorageNames.GameOps, static (services, name) =>
                new FaultableGrainStorage(MemoryGrainStorageFactory.Create(services, name), services.GetRequiredService<StorageFaults>()));
            siloBuilder.Services.AddOptions<MemoryGrainStorageOptions>(StorageNames.GameOps)
                .Configure<Serializer>((options, serializer) => options.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer));
            siloBuilder.Services.Configure<GameOps.Grains.Hosts.AgentChannelOptions>(options =>
            {
                options.QueueTimeout = QueueTimeout;
                options.AgentResultGrace = AgentResultGrace;
                options.MaxQueuedJobs = MaxQueuedJobs;
                options.MaintenancePeriod = TimeSpan.FromMilliseconds(100);
            });
            siloBuilder.Services.Configure<GameOps.Grains.Players.PlayersOptions>(options =>
            {
                options.ProbeResultPoll = TimeSpan.FromMilliseconds(50);
                options.ProbeAfterConnectSpread = TimeSpan.Zero;
            });
            siloBuilder.Services.Configure<GameOps.Grains.Alerts.AlertOptions>(options => options.EvaluationPeriod = TimeSpan.FromMilliseconds(50));
            // Schedules look at the (manual) domain clock often, so a test that moves it sees the effect at once.
            siloBuilder.Services.Configure<GameOps.Grains.Schedules.ScheduleOptions>(options =>
            {
                options.RunTick = TimeSpan.FromMilliseconds(20);
                options.IdleWake = TimeSpan.FromMilliseconds(20);
            });
            siloBuilder.UseInMemoryReminderService();
            siloBuilder.AddMemoryGrainStorage("PubSubStore");
            // Delivered in batches, as the silo delivers them (GameOps:Events:DeliveryBatchSize), so the org's grains are tested that way.
            siloBuilder.AddMemoryStreams(
                OrgEventStreams.ProviderName,
                streams => streams.ConfigurePullingAgent(agent => agent.Configure(o => o.BatchContainerBatchSize = 256)));
            siloBuilder.Services.AddSingleton<ManualDomainClock>();
            siloBuilder.Services.AddSingleton<IDomainClock>(sp => sp.GetRequiredService<ManualDomainClock>());
            siloBuilder.Services.AddMetrics();
            siloBuilder.Services.AddSingleton<GameOpsMetrics>();
            siloBuilder.Services.AddGameOpsIdentityGrains();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}

using GameOps.Silo.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;

namespace GameOps.Silo.Tests.Hosting;

public sealed class ClusterConnectionTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_started_client_is_not_connected_until_its_cluster_manifest_lists_a_silo_with_grains()
    {
        var manifests = new ClusterManifestsDouble(ClusterManifestsDouble.ClientOnly());
        using var connection = Connection(new OrleansClientDouble(), manifests);
        await connection.StartAsync(CancellationToken.None);
        await manifests.Drained.WaitAsync(Timeout);
        var connectedBefore = connection.IsConnected;

        manifests.PublishSiloWithGrains();
        await connection.Connected.WaitAsync(Timeout);

        Assert.False(connectedBefore, "Connected while the cluster manifest listed no silo with grains.");
        await connection.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Stopping_while_the_manifest_lists_no_silo_with_grains_ends_the_wait_and_stops_the_client()
    {
        var client = new OrleansClientDouble();
        var manifests = new ClusterManifestsDouble(ClusterManifestsDouble.ClientOnly());
        using var connection = Connection(client, manifests);
        await connection.StartAsync(CancellationToken.None);
        await manifests.Drained.WaitAsync(Timeout);

        await connection.StopAsync(CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal((true, true), (connection.Connected.IsCanceled, client.Stopped));
    }

    private static ClusterConnection Connection(OrleansClientDouble client, ClusterManifestsDouble manifests) => new(
        client, manifests, new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance), NullLogger<ClusterConnection>.Instance);
}

namespace GameOps.EndToEnd.Tests;

internal static class ClusterSiloSettings
{
    /// <summary>The command-line settings that make a silo process a member of the cluster on these stores.</summary>
    public static string[] On(RedisServer redis, string databaseConnectionString) =>
    [
        "--GameOps:Silo:Mode=Cluster",
        $"--GameOps:Cluster:RedisConnectionString={redis.ConnectionString}",
        "--GameOps:Cluster:AdvertisedAddress=127.0.0.1",
        $"--GameOps:Storage:Postgres:ConnectionString={databaseConnectionString}",
    ];
}

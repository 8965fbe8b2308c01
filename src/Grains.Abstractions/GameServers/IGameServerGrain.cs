namespace GameOps.Grains.GameServers;

/// <summary>One game server, keyed by <c>{hostId}/{serverId}</c> (see <see cref="GameServerKeys"/>).</summary>
[Alias("GameOps.IGameServerGrain")]
public interface IGameServerGrain : IGrainWithStringKey
{
    /// <summary>Records what the host's agent declared about this server in its Hello.</summary>
    [Alias("Declare")]
    Task<GameServerView> DeclareAsync(string orgId, GameServerDescriptor descriptor);

    [Alias("Get")]
    Task<GameServerView?> GetAsync();

    /// <summary>Records the agent's latest health probe; the state is written only when it changes.</summary>
    [Alias("ReportHealth")]
    Task ReportHealthAsync(HealthReport report);
}

namespace GameOps.Grains.GameServers;

public static class GameServerKeys
{
    /// <summary>Server ids are unique per host only, so the grain key carries both.</summary>
    public static string For(string hostId, string serverId) => $"{hostId}/{serverId}";
}

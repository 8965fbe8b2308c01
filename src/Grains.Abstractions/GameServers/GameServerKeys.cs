namespace GameOps.Grains.GameServers;

public static class GameServerKeys
{
    /// <summary>Server ids are unique per host only, so the grain key carries both.</summary>
    public static string For(string hostId, string serverId) => $"{hostId}/{serverId}";

    /// <summary>The host and server ids of a key made by <see cref="For"/> (a host id holds no <c>/</c>).</summary>
    public static (string HostId, string ServerId) Parse(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return (key[..slash], key[(slash + 1)..]);
    }
}

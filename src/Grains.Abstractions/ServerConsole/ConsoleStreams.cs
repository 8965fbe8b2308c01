using Orleans.Runtime;

namespace GameOps.Grains.ServerConsole;

/// <summary>Where a game server's console lines are published: one stream per server, on the provider that carries org events.</summary>
public static class ConsoleStreams
{
    /// <summary>The stream namespace of console lines.</summary>
    public const string Namespace = "server-console";

    /// <summary>The stream of one server's lines, keyed like its grains (<see cref="GameServers.GameServerKeys"/>).</summary>
    public static StreamId For(string serverKey) => StreamId.Create(Namespace, serverKey);
}

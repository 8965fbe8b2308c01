namespace GameOps.Grains.Identity;

/// <summary>
/// What a member may do on one game server. A member's role gives a set on every server; a per-server grant replaces
/// that set on its server, so it can widen (a Viewer allowed the console of one server) or narrow (an Operator kept off
/// the power of another).
/// </summary>
[Flags]
[GenerateSerializer]
[Alias("GameOps.ServerPermissions")]
public enum ServerPermissions
{
    None = 0,
    ConsoleRead = 1,
    ConsoleSend = 2,
    Power = 4,
    Schedules = 8,
    Alerts = 16,
}

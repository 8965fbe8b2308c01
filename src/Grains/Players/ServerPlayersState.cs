namespace GameOps.Grains.Players;

[GenerateSerializer]
[Alias("GameOps.ServerPlayersState")]
public sealed class ServerPlayersState : IPlayerSessionsState
{
    [Id(0)] public string OrgId { get; set; } = "";

    /// <summary>The game kind the agent declared, which picks the log parser that resolves chat names.</summary>
    [Id(1)] public string Kind { get; set; } = "";

    [Id(2)] public bool CanListPlayers { get; set; }

    /// <summary>Who is online, by name as the game prints it.</summary>
    [Id(3)] public Dictionary<string, OnlinePlayer> Online { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The probe job sent and not yet read back.</summary>
    [Id(4)] public Guid? ProbeJobId { get; set; }

    [NonSerialized]
    private readonly List<PlayerSession> _unwrittenSessions = [];

    List<PlayerSession> IPlayerSessionsState.UnwrittenSessions => _unwrittenSessions;
}

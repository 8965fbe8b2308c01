namespace GameOps.EdgeAgent.Adapters.Results;

/// <summary>One connected player, with whatever the game tells about them; fields a game does not report stay null.</summary>
public sealed record Player(string Name)
{
    /// <summary>The game's own id for the player in this session (entity id, user id, slot).</summary>
    public string? Id { get; init; }

    /// <summary>The platform account (e.g. <c>Steam_7656...</c>, a Minecraft UUID).</summary>
    public string? PlatformId { get; init; }

    /// <summary>A cross-platform account (e.g. Epic's <c>EOS_...</c>).</summary>
    public string? CrossPlatformId { get; init; }

    public string? Ip { get; init; }

    public int? Ping { get; init; }

    public int? Score { get; init; }

    public int? Level { get; init; }

    public int? Health { get; init; }

    public int? Deaths { get; init; }

    public int? Kills { get; init; }
}

namespace GameOps.Grains.Events;

/// <summary>A player wrote in a game server's chat.</summary>
/// <param name="Channel">The chat channel as the game names it (7 Days to Die: <c>Global</c>, <c>Party</c>, <c>Friends</c>; Teeworlds: <c>all</c>, <c>team</c>); null when the game has one.</param>
[GenerateSerializer, Immutable]
[Alias("GameOps.PlayerChatted")]
public sealed record PlayerChatted(
    string OrgId,
    DateTimeOffset At,
    long? Sequence,
    Actor? Actor,
    [property: Id(0)] string HostId,
    [property: Id(1)] string ServerId,
    [property: Id(2)] string PlayerName,
    [property: Id(3)] string? PlayerId,
    [property: Id(4)] string? Channel,
    [property: Id(5)] string Text)
    : OrgEvent(OrgId, At, Sequence, Actor)
{
    /// <summary>The event of a chat line read from server <paramref name="serverId"/> of host <paramref name="hostId"/>.</summary>
    public static PlayerChatted Of(string orgId, string hostId, string serverId, Players.GameEvent chat)
    {
        ArgumentNullException.ThrowIfNull(chat);
        return new(orgId, chat.At, null, null, hostId, serverId, chat.PlayerName, chat.PlayerId, chat.Channel, chat.Text ?? "");
    }
}

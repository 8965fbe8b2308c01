namespace GameOps.Grains.Players;

[GenerateSerializer]
[Alias("GameOps.GameEventKind")]
public enum GameEventKind
{
    Joined = 0,
    Left = 1,
    Chat = 2,
    Died = 3,
}

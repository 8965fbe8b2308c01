namespace GameOps.Grains.Platform;

[GenerateSerializer]
[Alias("GameOps.SetupOutcome")]
public enum SetupOutcome
{
    Completed = 0,
    AlreadyComplete = 1,
    WrongToken = 2,
}

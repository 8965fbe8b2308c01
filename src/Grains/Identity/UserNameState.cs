namespace GameOps.Grains.Identity;

[GenerateSerializer]
[Alias("GameOps.UserNameState")]
public sealed class UserNameState
{
    [Id(0)] public string? UserId { get; set; }
}

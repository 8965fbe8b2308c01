namespace GameOps.Grains;

[GenerateSerializer]
[Alias("GameOps.ActorKind")]
public enum ActorKind
{
    Api = 0,
    Web = 1,
    Discord = 2,
    Schedule = 3,
    Alert = 4,
    System = 5,

    /// <summary>An edge agent, on its own behalf (its enrolment).</summary>
    Agent = 6,
}

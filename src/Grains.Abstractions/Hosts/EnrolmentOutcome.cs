namespace GameOps.Grains.Hosts;

/// <summary>What became of an enrolment token presented by an agent.</summary>
[GenerateSerializer]
[Alias("GameOps.EnrolmentOutcome")]
public enum EnrolmentOutcome
{
    /// <summary>The token was the host's and unused: the host's credential is now the one the agent was given.</summary>
    Enrolled = 0,

    /// <summary>The token is not the host's (or the host does not exist).</summary>
    Unknown = 1,

    /// <summary>The token enrolled an agent before: a token works once.</summary>
    Used = 2,

    /// <summary>The token is the host's but its time ran out.</summary>
    Expired = 3,
}

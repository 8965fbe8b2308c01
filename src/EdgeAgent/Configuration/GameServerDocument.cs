namespace GameOps.EdgeAgent.Configuration;

/// <summary>One entry of the config file's <c>servers</c> array, before validation.</summary>
internal sealed class GameServerDocument
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    public string? Kind { get; set; }

    public string? Address { get; set; }

    public string? Password { get; set; }

    public List<string?>? AllowedActions { get; set; }

    public ServerPolicyDocument? Policy { get; set; }

    public ServerPowerDocument? Power { get; set; }

    public string? LogFile { get; set; }
}

namespace GameOps.Grains.ServerConsole;

[GenerateSerializer]
[Alias("GameOps.HostConsoleState")]
public sealed class HostConsoleState
{
    /// <summary>Per server id, the highest line number stored: a resent line at or below it is a duplicate.</summary>
    [Id(0)] public Dictionary<string, ulong> LastSequence { get; set; } = [];

    [Id(1)] public string OrgId { get; set; } = "";
}

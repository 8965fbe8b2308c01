namespace GameOps.Grains.ServerConsole;

[GenerateSerializer]
[Alias("GameOps.ServerConsoleState")]
public sealed class ServerConsoleState
{
    /// <summary>The highest line number stored: a resent line at or below it is a duplicate.</summary>
    [Id(0)] public ulong LastSequence { get; set; }

    [Id(1)] public string OrgId { get; set; } = "";
}

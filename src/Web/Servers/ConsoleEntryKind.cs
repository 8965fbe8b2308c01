namespace GameOps.Web.Servers;

public enum ConsoleEntryKind
{
    /// <summary>A line the game printed.</summary>
    Line,

    /// <summary>Lines the agent had to drop before it could send them (a gap marker).</summary>
    Gap,

    /// <summary>Lines after the last one shown that the control plane no longer holds.</summary>
    Missed,
}

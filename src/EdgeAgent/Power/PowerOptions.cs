namespace GameOps.EdgeAgent.Power;

public sealed class PowerOptions
{
    /// <summary>The <c>systemctl</c> program: found on PATH unless a path is given.</summary>
    public string Systemctl { get; set; } = "systemctl";

    /// <summary>How often a restart asks the game's console whether it answers again.</summary>
    public TimeSpan RestartProbeInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The most output of a power command kept.</summary>
    public int MaxOutputLength { get; set; } = 4096;
}

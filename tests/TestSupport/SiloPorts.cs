namespace GameOps.TestSupport;

/// <summary>The three ports a silo listens on.</summary>
public sealed record SiloPorts(int Api, int Gateway, int Silo)
{
    public static SiloPorts Free() => new(TestPorts.Free(), TestPorts.Free(), TestPorts.Free());
}

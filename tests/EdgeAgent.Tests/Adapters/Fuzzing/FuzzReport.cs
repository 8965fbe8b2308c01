using System.Globalization;

namespace GameOps.EdgeAgent.Tests.Adapters.Fuzzing;

/// <summary>What one fuzz run measured, for the test output.</summary>
internal sealed record FuzzReport(int Inputs, int TypedErrors, TimeSpan Total, TimeSpan Slowest, int Retimed, long MostAllocatedBytes)
{
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Inputs} inputs ({TypedErrors} refused with a typed error) in {Total.TotalMilliseconds:0} ms; slowest {Slowest.TotalMilliseconds:0.###} ms; " +
        $"{Retimed} inputs over 5 ms re-timed (fastest of 3 runs kept); most allocated by one input {MostAllocatedBytes} bytes");
}

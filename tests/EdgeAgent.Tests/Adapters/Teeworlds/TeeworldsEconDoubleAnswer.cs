namespace GameOps.EdgeAgent.Tests.Adapters.Teeworlds;

/// <summary>What the <see cref="TeeworldsEconDouble"/> prints for one command: lines, each after its delay, and whether it then stops answering.</summary>
internal sealed record TeeworldsEconDoubleAnswer(IReadOnlyList<(TimeSpan Delay, string Line)> Lines, bool HangAfter = false)
{
    public static TeeworldsEconDoubleAnswer Of(params string[] lines) => new([.. lines.Select(line => (TimeSpan.Zero, line))]);
}

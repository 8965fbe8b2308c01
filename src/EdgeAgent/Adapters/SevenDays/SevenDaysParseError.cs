namespace GameOps.EdgeAgent.Adapters.SevenDays;

/// <summary>
/// Why a 7 Days to Die answer could not be read. <see cref="Message"/> says what was expected and, with
/// <see cref="Line"/>, where; it never repeats the answer's text, which can hold player names and addresses.
/// </summary>
/// <param name="Line">The 1-based line of the answer at fault, when one is.</param>
public sealed record SevenDaysParseError(SevenDaysParseErrorKind Kind, string Message, int? Line = null)
{
    public override string ToString() => Line is { } line ? $"line {line}: {Message}" : Message;
}

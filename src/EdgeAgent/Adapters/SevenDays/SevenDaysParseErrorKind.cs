namespace GameOps.EdgeAgent.Adapters.SevenDays;

/// <summary>Why an answer of the 7 Days to Die console could not be read.</summary>
public enum SevenDaysParseErrorKind
{
    /// <summary>The answer is larger than a parser accepts (<see cref="SevenDaysParsers.MaxAnswerLength"/>).</summary>
    TooLarge,

    /// <summary>The line that holds the result (or ends it, like <c>Total of N in the game</c>) is not there.</summary>
    Missing,

    /// <summary>A line is not in the shape the command prints.</summary>
    Malformed,

    /// <summary>The answer contradicts itself: <c>Total of N in the game</c> after another number of player lines.</summary>
    Inconsistent,
}

namespace GameOps.Web.Servers;

/// <summary>One row of a server's console as the page shows it: a line, a gap marker or a note of lines missed.</summary>
/// <param name="Sequence">The line's number; for a gap, the last of the lines it stands for; for missed lines, the last number shown before them.</param>
/// <param name="Count">How many lines a gap or a note of missed lines stands for; 0 for a line.</param>
public sealed record ConsoleEntry(ulong Sequence, DateTimeOffset? ReadAt, string Text, ConsoleEntryKind Kind, ulong Count = 0);

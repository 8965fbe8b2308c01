using System.Diagnostics.CodeAnalysis;

namespace GameOps.Grains.Schedules;

/// <summary>A position in the newest-first order of runs: (started at, run id); pages continue from it, never from an offset.</summary>
public sealed record ScheduleRunCursor(DateTimeOffset StartedAt, Guid RunId)
{
    /// <summary>The opaque text a caller passes back (<see cref="KeysetCursorText"/>).</summary>
    public string Encode() => KeysetCursorText.Encode(StartedAt, RunId);

    public static bool TryDecode(string? text, [NotNullWhen(true)] out ScheduleRunCursor? cursor)
    {
        cursor = KeysetCursorText.TryDecode(text, out var at, out var id) ? new ScheduleRunCursor(at, id) : null;
        return cursor is not null;
    }
}

using System.Diagnostics.CodeAnalysis;

namespace GameOps.Grains.Audit;

/// <summary>A position in the newest-first order of audit entries: (at, entry id); pages continue from it, never from an offset.</summary>
public sealed record AuditCursor(DateTimeOffset At, Guid EntryId)
{
    /// <summary>The opaque text a caller passes back (<see cref="KeysetCursorText"/>).</summary>
    public string Encode() => KeysetCursorText.Encode(At, EntryId);

    public static bool TryDecode(string? text, [NotNullWhen(true)] out AuditCursor? cursor)
    {
        cursor = KeysetCursorText.TryDecode(text, out var at, out var id) ? new AuditCursor(at, id) : null;
        return cursor is not null;
    }
}

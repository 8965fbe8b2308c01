using System.Diagnostics.CodeAnalysis;

namespace GameOps.Grains.Players;

/// <summary>A position in the newest-first order of sessions: (started at, session id); pages continue from it, never from an offset.</summary>
public sealed record PlayerSessionCursor(DateTimeOffset StartedAt, Guid SessionId)
{
    /// <summary>The opaque text a caller passes back (<see cref="KeysetCursorText"/>).</summary>
    public string Encode() => KeysetCursorText.Encode(StartedAt, SessionId);

    public static bool TryDecode(string? text, [NotNullWhen(true)] out PlayerSessionCursor? cursor)
    {
        cursor = KeysetCursorText.TryDecode(text, out var at, out var id) ? new PlayerSessionCursor(at, id) : null;
        return cursor is not null;
    }
}

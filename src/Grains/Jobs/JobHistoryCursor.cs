using System.Diagnostics.CodeAnalysis;

namespace GameOps.Grains.Jobs;

/// <summary>
/// A position in the newest-first order of jobs: (created at, job id). Pages continue from a position, never from an
/// offset, so jobs created meanwhile shift no row into or out of a later page.
/// </summary>
public sealed record JobHistoryCursor(DateTimeOffset CreatedAt, Guid JobId)
{
    /// <summary>The opaque text a caller passes back (<see cref="KeysetCursorText"/>).</summary>
    public string Encode() => KeysetCursorText.Encode(CreatedAt, JobId);

    public static bool TryDecode(string? text, [NotNullWhen(true)] out JobHistoryCursor? cursor)
    {
        cursor = KeysetCursorText.TryDecode(text, out var at, out var id) ? new JobHistoryCursor(at, id) : null;
        return cursor is not null;
    }
}

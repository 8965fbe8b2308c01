using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace GameOps.Grains.Jobs;

/// <summary>
/// A position in the newest-first order of jobs: (created at, job id). Pages continue from a position, never from an
/// offset, so jobs created meanwhile shift no row into or out of a later page.
/// </summary>
public sealed record JobHistoryCursor(DateTimeOffset CreatedAt, Guid JobId)
{
    private const byte Version = 1;
    private const int Size = 1 + sizeof(long) + 16;

    /// <summary>The opaque text a caller passes back: base64url of a version byte, the time in ticks and the job id.</summary>
    public string Encode()
    {
        Span<byte> bytes = stackalloc byte[Size];
        bytes[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(bytes[1..], CreatedAt.UtcTicks);
        JobId.TryWriteBytes(bytes[9..], bigEndian: true, out _);
        return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static bool TryDecode(string? text, [NotNullWhen(true)] out JobHistoryCursor? cursor)
    {
        cursor = null;
        if (text is not { Length: > 0 and <= 64 })
        {
            return false;
        }

        var base64 = text.Replace('-', '+').Replace('_', '/');
        base64 += new string('=', (4 - base64.Length % 4) % 4);
        Span<byte> bytes = stackalloc byte[48];
        if (!Convert.TryFromBase64String(base64, bytes, out var written) || written != Size || bytes[0] != Version)
        {
            return false;
        }

        var ticks = BinaryPrimitives.ReadInt64BigEndian(bytes[1..]);
        if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            return false;
        }

        cursor = new JobHistoryCursor(new DateTimeOffset(ticks, TimeSpan.Zero), new Guid(bytes.Slice(9, 16), bigEndian: true));
        return true;
    }
}

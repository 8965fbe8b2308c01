using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace GameOps.EdgeAgent.Adapters.Teeworlds;

/// <summary>
/// Splits the byte stream of a Teeworlds external console (econ) into lines. The server ends every line it sends with
/// three bytes: <c>\n\0\0</c>, or <c>\r\n\0</c> once the first line it received from the client ended in CRLF
/// (Windows builds start with the latter). So a line ends at <c>\n</c>, loses a <c>\r</c> before it, and the NUL
/// padding after it is skipped. Text is UTF-8.
/// </summary>
public static class TeeworldsEconLines
{
    /// <summary>
    /// The longest line accepted. The server cuts its own lines to about 1 KiB; anything much longer without a line
    /// break is not an econ server talking.
    /// </summary>
    public const int MaxLineBytes = 16 * 1024;

    /// <summary>
    /// Reads the first complete line of <paramref name="buffer"/> and slices it, with the padding before it, off the
    /// front. Returns <see langword="false"/> when no complete line is buffered yet (leading padding is still consumed).
    /// </summary>
    /// <exception cref="InvalidDataException">More than <see cref="MaxLineBytes"/> bytes came without a line break.</exception>
    public static bool TryReadLine(ref ReadOnlySequence<byte> buffer, [NotNullWhen(true)] out string? line)
    {
        var reader = new SequenceReader<byte>(buffer);
        reader.AdvancePast((byte)0);
        if (!reader.TryReadTo(out ReadOnlySequence<byte> bytes, (byte)'\n'))
        {
            if (reader.Remaining > MaxLineBytes)
            {
                throw new InvalidDataException($"The econ server sent more than {MaxLineBytes} bytes without a line break.");
            }

            buffer = buffer.Slice(reader.Position);
            line = null;
            return false;
        }

        if (bytes.Length > MaxLineBytes)
        {
            throw new InvalidDataException($"The econ server sent a line longer than {MaxLineBytes} bytes.");
        }

        buffer = buffer.Slice(reader.Position);
        var text = Encoding.UTF8.GetString(bytes);
        if (text.EndsWith('\r'))
        {
            text = text[..^1];
        }

        // A NUL is never text: the server pads with it, and a stray one inside a line would cut it short in C.
        line = text.Contains('\0', StringComparison.Ordinal) ? text.Replace("\0", string.Empty, StringComparison.Ordinal) : text;
        return true;
    }
}

using System.Text;
using GameOps.EdgeAgent.Console;

namespace GameOps.EdgeAgent.Adapters.SevenDays;

/// <summary>
/// Cuts the console's byte stream into lines (LF or CRLF, decoded as UTF-8). Holds at most
/// <see cref="ConsoleLines.MaxLineBytes"/> bytes of an unfinished line: a longer line is handed on at that length
/// with <see cref="ConsoleLines.CutMarker"/> appended as soon as it overflows, and the rest of it, up to its line
/// break, is skipped. So a console that never sends a line break cannot grow the agent's memory.
/// </summary>
internal sealed class TelnetLineSplitter
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    // Room for the longest line, its CR, and one byte more to tell that a line is too long.
    private readonly byte[] _line = new byte[ConsoleLines.MaxLineBytes + 2];
    private int _length;
    private bool _skippingRest;

    /// <summary>Splits <paramref name="bytes"/>, calling <paramref name="onLine"/> for each line completed (or cut) in it.</summary>
    public void Feed(ReadOnlySpan<byte> bytes, Action<string> onLine)
    {
        while (!bytes.IsEmpty)
        {
            var newline = bytes.IndexOf((byte)'\n');
            var chunk = newline < 0 ? bytes : bytes[..newline];
            if (!_skippingRest)
            {
                var room = _line.Length - _length;
                var take = Math.Min(room, chunk.Length);
                chunk[..take].CopyTo(_line.AsSpan(_length));
                _length += take;
                if (IsTooLong())
                {
                    onLine(Cut());
                    _length = 0;
                    _skippingRest = true;
                }
            }

            if (newline < 0)
            {
                return;
            }

            if (!_skippingRest)
            {
                onLine(Decode(_line.AsSpan(0, _length)));
            }

            _length = 0;
            _skippingRest = false;
            bytes = bytes[(newline + 1)..];
        }
    }

    private bool IsTooLong() =>
        _length > ConsoleLines.MaxLineBytes + 1 || (_length == ConsoleLines.MaxLineBytes + 1 && _line[ConsoleLines.MaxLineBytes] != (byte)'\r');

    private string Cut()
    {
        var end = ConsoleLines.MaxLineBytes;
        while (end > 0 && (_line[end] & 0xC0) == 0x80)
        {
            end--; // back to the first byte of the character that straddles the limit
        }

        return Utf8.GetString(_line, 0, end) + ConsoleLines.CutMarker;
    }

    private static string Decode(ReadOnlySpan<byte> line)
    {
        if (!line.IsEmpty && line[^1] == (byte)'\r')
        {
            line = line[..^1];
        }

        return Utf8.GetString(line);
    }
}

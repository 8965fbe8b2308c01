using System.Globalization;
using System.Text;
using GameOps.AgentProtocol;
using Google.Protobuf.WellKnownTypes;

namespace GameOps.EdgeAgent.Console;

/// <summary>
/// One game server's lines on their way to the control plane: numbered from 1, kept until the control plane
/// acknowledges them, at most <c>capacity</c> lines (on overflow the oldest go, and one gap marker ahead of the rest
/// stands for all of them, with their count and the number of the last one dropped). With a file, every line, gap and
/// acknowledgement is appended to it before the line can be sent, and the file is read back on start: an agent that is
/// killed and started again continues the numbering and re-sends what was not acknowledged, and where its log file
/// tailer had got to. Not thread-safe on its own: <see cref="ConsoleLogPipeline"/> holds its lock around each call.
/// </summary>
/// <remarks>
/// The file holds one record per line, fields separated by tabs, the line's text last:
/// <c>L seq ms cut offset text</c> (a line), <c>G seq ms dropped</c> (lines up to seq dropped), <c>A seq</c>
/// (acknowledged), <c>O offset</c> (where the tailer is), <c>N seq</c> (the next number). A record cut short by a crash
/// ends the reading; the file is rewritten with what is still needed each time it is opened and when the acknowledged
/// records outgrow the rest.
/// </remarks>
public sealed class ServerLogBuffer : IDisposable
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly int _capacity;
    private readonly string? _path;

    // Lines in order of their numbers, without holes: the line numbered s sits at _head + (s - first line's number).
    private readonly List<Line> _lines = [];
    private int _head;
    private Line? _gap;
    private ulong _acknowledged;
    private ulong _sentUpTo;
    private ulong _highestSent;
    private ulong _next = 1;
    private StreamWriter? _file;
    private int _records;

    private ServerLogBuffer(string serverId, int capacity, string? path)
    {
        ServerId = serverId;
        _capacity = capacity;
        _path = path;
    }

    public string ServerId { get; }

    /// <summary>How far the log file tailer had read when the last of its lines was recorded; null when nothing says.</summary>
    public long? TailOffset { get; private set; }

    /// <summary>The highest number the control plane acknowledged.</summary>
    public ulong Acknowledged => _acknowledged;

    /// <summary>
    /// The highest number handed out on any stream of this run; after a restart, every number an earlier run gave,
    /// since it may have sent them. The control plane cannot have stored a number above it.
    /// </summary>
    public ulong HighestSent => _highestSent;

    /// <summary>The number the next line gets.</summary>
    public ulong NextSequence => _next;

    /// <summary>Lines held (sent or not), without the gap marker.</summary>
    public int Count => _lines.Count - _head;

    /// <summary>The gap marker at the head, if lines were dropped since the last acknowledgement: (its number, how many).</summary>
    public (ulong Sequence, ulong Dropped)? Gap => _gap is { } gap ? (gap.Sequence, gap.Dropped) : null;

    /// <summary>Entries were handed out on the current stream that the control plane has not acknowledged yet.</summary>
    public bool AwaitsAcknowledgement => _sentUpTo > _acknowledged;

    /// <summary>Entries (lines and the gap marker) not yet handed out on the current stream.</summary>
    public int Unsent
    {
        get
        {
            var gap = _gap is { } g && g.Sequence > _sentUpTo ? 1 : 0;
            if (Count == 0 || _lines[^1].Sequence <= _sentUpTo)
            {
                return gap;
            }

            return gap + (int)(_lines[^1].Sequence - Math.Max(_lines[_head].Sequence, _sentUpTo + 1) + 1);
        }
    }

    /// <summary>Why the buffer stopped writing its file, when it did; it then keeps lines in memory only.</summary>
    public Exception? FileFailure { get; private set; }

    /// <summary>When the oldest entry not yet handed out was read; null when all were.</summary>
    public DateTimeOffset? OldestUnsentAt
    {
        get
        {
            if (_gap is { } gap && gap.Sequence > _sentUpTo)
            {
                return DateTimeOffset.FromUnixTimeMilliseconds(gap.ReadAtMs);
            }

            return IndexOf(_sentUpTo + 1) is { } index ? DateTimeOffset.FromUnixTimeMilliseconds(_lines[index].ReadAtMs) : null;
        }
    }

    /// <summary>An in-memory buffer, for tests and for servers whose agent has nowhere to keep it.</summary>
    public static ServerLogBuffer InMemory(string serverId, int capacity) => new(serverId, capacity, null);

    /// <summary>Opens the buffer kept in <paramref name="path"/>, reading what an earlier run left there.</summary>
    public static ServerLogBuffer Open(string serverId, int capacity, string path)
    {
        var buffer = new ServerLogBuffer(serverId, capacity, path);
        if (File.Exists(path))
        {
            buffer.Load(path);
        }

        buffer.Rewrite();
        return buffer;
    }

    /// <summary>Numbers and keeps one line (already limited by <see cref="ConsoleLines.Limit"/>); <paramref name="offsetAfter"/> is where its file's reader now is.</summary>
    public void Append(string text, bool cut, DateTimeOffset readAt, long? offsetAfter = null)
    {
        var line = new Line(_next++, readAt.ToUnixTimeMilliseconds(), text, cut, 0);
        _lines.Add(line);
        if (offsetAfter is { } offset)
        {
            TailOffset = offset;
        }

        Write(string.Create(CultureInfo.InvariantCulture, $"L\t{line.Sequence}\t{line.ReadAtMs}\t{(cut ? 1 : 0)}\t{offsetAfter}\t{text}"));
        if (Count > _capacity)
        {
            DropOldest();
        }
    }

    /// <summary>Records where the tailer is when it has no line to say so (at its start, after a rotation).</summary>
    public void RecordTailOffset(long offset)
    {
        TailOffset = offset;
        Write(string.Create(CultureInfo.InvariantCulture, $"O\t{offset}"));
    }

    /// <summary>A new stream: every entry after the last acknowledgement is to be sent again.</summary>
    public void Rewind() => _sentUpTo = _acknowledged;

    /// <summary>
    /// The next entries not yet handed out on this stream, at most <paramref name="maxEntries"/> and about
    /// <paramref name="maxBytes"/>; false when there are none. They are on disk when this returns.
    /// </summary>
    public bool TryTake(int maxEntries, int maxBytes, out LogBatch batch)
    {
        batch = new LogBatch { ServerId = ServerId };
        var bytes = 0;
        if (_gap is { } gap && gap.Sequence > _sentUpTo)
        {
            batch.Entries.Add(ToEntry(gap));
            _sentUpTo = gap.Sequence;
        }

        for (var index = IndexOf(_sentUpTo + 1); index is { } i && i < _lines.Count && batch.Entries.Count < maxEntries && bytes < maxBytes; index = i + 1)
        {
            var line = _lines[i];
            batch.Entries.Add(ToEntry(line));
            bytes += line.Text.Length + 16;
            _sentUpTo = line.Sequence;
        }

        if (batch.Entries.Count == 0)
        {
            return false;
        }

        _highestSent = Math.Max(_highestSent, _sentUpTo);

        // A number the control plane has seen must never be given to another line after a restart.
        try
        {
            _file?.Flush();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            Fail(exception);
        }

        return true;
    }

    /// <summary>
    /// The control plane stored every entry up to <paramref name="sequence"/>: they are forgotten. Ignored when it names
    /// a number already acknowledged or one never sent (<see cref="HighestSent"/>), which no control plane can have stored.
    /// </summary>
    public bool Acknowledge(ulong sequence)
    {
        if (sequence <= _acknowledged || sequence > _highestSent)
        {
            return false;
        }

        _acknowledged = sequence;
        _sentUpTo = Math.Max(_sentUpTo, sequence);
        if (_gap is { } gap && gap.Sequence <= sequence)
        {
            _gap = null;
        }

        while (_head < _lines.Count && _lines[_head].Sequence <= sequence)
        {
            _lines[_head++] = default;
        }

        if (_head > 1024 && _head * 2 > _lines.Count)
        {
            _lines.RemoveRange(0, _head);
            _head = 0;
        }

        Write(string.Create(CultureInfo.InvariantCulture, $"A\t{sequence}"));
        if (_records > (3 * _capacity) + 1024)
        {
            Rewrite();
        }

        return true;
    }

    public void Dispose()
    {
        _file?.Dispose();
        _file = null;
    }

    private void Fail(Exception exception)
    {
        FileFailure ??= exception;
        try
        {
            _file?.Dispose();
        }
        catch (Exception disposing) when (disposing is IOException or UnauthorizedAccessException)
        {
            // Already failing: the first error is the one reported.
        }

        _file = null;
    }

    private void DropOldest()
    {
        var oldest = _lines[_head];
        _lines[_head++] = default;
        _gap = new Line(oldest.Sequence, oldest.ReadAtMs, "", false, (_gap?.Dropped ?? 0) + 1);
        Write(string.Create(CultureInfo.InvariantCulture, $"G\t{_gap.Value.Sequence}\t{_gap.Value.ReadAtMs}\t{_gap.Value.Dropped}"));
    }

    private int? IndexOf(ulong sequence)
    {
        if (_head >= _lines.Count)
        {
            return null;
        }

        var first = _lines[_head].Sequence;
        return sequence < first ? _head : sequence - first < (ulong)Count ? _head + (int)(sequence - first) : null;
    }

    private static LogEntry ToEntry(Line line) => new()
    {
        Sequence = line.Sequence,
        ReadAt = Timestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeMilliseconds(line.ReadAtMs)),
        Text = line.Text,
        Cut = line.Cut,
        Dropped = line.Dropped,
    };

    private void Write(string record)
    {
        if (_file is null)
        {
            return;
        }

        try
        {
            _file.Write(record);
            _file.Write('\n');
            _records++;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            Fail(exception);
        }
    }

    private void Load(string path)
    {
        using var reader = new StreamReader(path, Utf8);
        var loaded = new List<Line>();
        Line? gap = null;
        ulong acknowledged = 0, next = 1;
        long? offset = null;
        var content = reader.ReadToEnd();
        var start = 0;
        while (start < content.Length)
        {
            var end = content.IndexOf('\n', start);
            if (end < 0)
            {
                break; // cut short by a crash: never handed out, so nobody has seen it
            }

            var fields = content.AsSpan(start, end - start);
            start = end + 1;
            if (!TryApply(fields, loaded, ref gap, ref acknowledged, ref next, ref offset))
            {
                break;
            }
        }

        _acknowledged = acknowledged;
        _sentUpTo = acknowledged;
        _gap = gap is { } g && g.Sequence > acknowledged ? g : null;
        _lines.AddRange(loaded.Where(line => line.Sequence > acknowledged && line.Sequence > (_gap?.Sequence ?? 0)));
        _next = Math.Max(next, Math.Max(acknowledged + 1, (loaded.Count > 0 ? loaded[^1].Sequence : 0) + 1));
        _next = Math.Max(_next, (gap?.Sequence ?? 0) + 1);
        _highestSent = _next - 1;
        TailOffset = offset;
        while (Count > _capacity)
        {
            var oldest = _lines[_head++];
            _gap = new Line(oldest.Sequence, oldest.ReadAtMs, "", false, (_gap?.Dropped ?? 0) + 1);
        }

        _lines.RemoveRange(0, _head);
        _head = 0;
    }

    private static bool TryApply(ReadOnlySpan<char> record, List<Line> lines, ref Line? gap, ref ulong acknowledged, ref ulong next, ref long? offset)
    {
        if (record.Length < 2 || record[1] != '\t')
        {
            return false;
        }

        var kind = record[0];
        var rest = record[2..];
        switch (kind)
        {
            case 'L':
                if (!TryField(ref rest, out var seqText) || !ulong.TryParse(seqText, CultureInfo.InvariantCulture, out var sequence)
                    || !TryField(ref rest, out var msText) || !long.TryParse(msText, CultureInfo.InvariantCulture, out var ms)
                    || !TryField(ref rest, out var cutText)
                    || !TryField(ref rest, out var offsetText))
                {
                    return false;
                }

                if (offsetText.Length > 0)
                {
                    if (!long.TryParse(offsetText, CultureInfo.InvariantCulture, out var lineOffset))
                    {
                        return false;
                    }

                    offset = lineOffset;
                }

                lines.Add(new Line(sequence, ms, rest.ToString(), cutText is "1", 0));
                return true;

            case 'G':
                if (!TryField(ref rest, out var gapSeqText) || !ulong.TryParse(gapSeqText, CultureInfo.InvariantCulture, out var gapSequence)
                    || !TryField(ref rest, out var gapMsText) || !long.TryParse(gapMsText, CultureInfo.InvariantCulture, out var gapMs)
                    || !ulong.TryParse(rest, CultureInfo.InvariantCulture, out var dropped))
                {
                    return false;
                }

                gap = new Line(gapSequence, gapMs, "", false, dropped);
                return true;

            case 'A':
                if (!ulong.TryParse(rest, CultureInfo.InvariantCulture, out var ack))
                {
                    return false;
                }

                acknowledged = Math.Max(acknowledged, ack);
                return true;

            case 'O':
                if (!long.TryParse(rest, CultureInfo.InvariantCulture, out var tail))
                {
                    return false;
                }

                offset = tail;
                return true;

            case 'N':
                if (!ulong.TryParse(rest, CultureInfo.InvariantCulture, out var watermark))
                {
                    return false;
                }

                next = Math.Max(next, watermark);
                return true;

            default:
                return false;
        }
    }

    private static bool TryField(ref ReadOnlySpan<char> rest, out ReadOnlySpan<char> field)
    {
        var tab = rest.IndexOf('\t');
        if (tab < 0)
        {
            field = default;
            return false;
        }

        field = rest[..tab];
        rest = rest[(tab + 1)..];
        return true;
    }

    /// <summary>Replaces the file with what is still needed, through a new file renamed over the old one.</summary>
    private void Rewrite()
    {
        if (_path is null || FileFailure is not null)
        {
            return;
        }

        try
        {
            RewriteFile(_path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            Fail(exception);
        }
    }

    private void RewriteFile(string path)
    {
        _file?.Dispose();
        _file = null;
        OwnerOnly.CreateFolderOf(path);
        var temporary = path + ".new";
        using (var stream = new FileStream(temporary, OwnerOnly.WriteOptions(FileMode.Create)))
        using (var writer = new StreamWriter(stream, Utf8))
        {
            _file = writer;
            _records = 0;
            Write(string.Create(CultureInfo.InvariantCulture, $"N\t{_next}"));
            Write(string.Create(CultureInfo.InvariantCulture, $"A\t{_acknowledged}"));
            if (TailOffset is { } offset)
            {
                Write(string.Create(CultureInfo.InvariantCulture, $"O\t{offset}"));
            }

            if (_gap is { } gap)
            {
                Write(string.Create(CultureInfo.InvariantCulture, $"G\t{gap.Sequence}\t{gap.ReadAtMs}\t{gap.Dropped}"));
            }

            for (var i = _head; i < _lines.Count; i++)
            {
                var line = _lines[i];
                Write(string.Create(CultureInfo.InvariantCulture, $"L\t{line.Sequence}\t{line.ReadAtMs}\t{(line.Cut ? 1 : 0)}\t\t{line.Text}"));
            }

            writer.Flush();
            stream.Flush(flushToDisk: true);
        }

        _file = null;
        if (FileFailure is not null)
        {
            return;
        }

        File.Move(temporary, path, overwrite: true);
        _file = new StreamWriter(new FileStream(path, OwnerOnly.WriteOptions(FileMode.Append)), Utf8);
    }

    private readonly record struct Line(ulong Sequence, long ReadAtMs, string Text, bool Cut, ulong Dropped);
}

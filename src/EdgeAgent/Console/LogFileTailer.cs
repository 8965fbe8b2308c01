using System.Text;

namespace GameOps.EdgeAgent.Console;

/// <summary>
/// Follows one game server's log file, as <c>tail -F</c> does, and hands each complete line to the
/// <see cref="ConsoleLogPipeline"/> with the offset after it. On the agent's first run it starts at the file's end (the
/// past is not sent); later it resumes where the last recorded line ended. A file renamed away (logrotate's default)
/// is read to its end, then the new file at the path is read from its start; a file truncated under it
/// (<c>copytruncate</c>) is read again from its start. It reads no further than the server's buffer has room for: a
/// burst waits in the file, so a log file never loses a line to an overflow.
/// </summary>
public sealed class LogFileTailer(string serverId, string path, ConsoleLogPipeline pipeline) : IDisposable
{
    // A line longer than this without a line break is handed over in pieces (each cut to ConsoleLines.MaxLineBytes).
    private const int MaxPendingBytes = 1024 * 1024;

    private readonly byte[] _chunk = new byte[64 * 1024];
    private readonly List<byte> _pending = [];
    private FileStream? _file;

    // What the kernel called the open file when it was opened (the path with its links resolved).
    private string? _openedAs;

    // Just after the last line handed over: where a restart resumes.
    private long _position;

    public string ServerId { get; } = serverId;

    public string Path { get; } = path;

    /// <summary>Reads what was written since the last poll, following a rename or a truncation.</summary>
    public void Poll()
    {
        if (_file is null && !TryOpen(resume: true))
        {
            return;
        }

        if (!ReadToEnd())
        {
            return; // the server's buffer is full: the rest waits in the file, which loses nothing
        }

        if (IsRenamedAway())
        {
            if (!File.Exists(Path))
            {
                return; // the game still writes to the old file until it opens a new one
            }

            HandOverPending();
            _file!.Dispose();
            _file = null;
            if (TryOpen(resume: false))
            {
                ReadToEnd();
            }
        }
        else if (_file!.Length < _position)
        {
            _pending.Clear();
            _position = 0;
            _file.Seek(0, SeekOrigin.Begin);
            pipeline.RecordTailOffset(ServerId, 0);
            ReadToEnd();
        }
    }

    public void Dispose() => _file?.Dispose();

    private bool TryOpen(bool resume)
    {
        FileStream file;
        try
        {
            file = new FileStream(Path, new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                Share = FileShare.ReadWrite | FileShare.Delete,
                BufferSize = 0,
            });
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            // Not there on the first run: the file the game makes later is all new, so it is read from its start.
            if (resume && pipeline.TailOffset(ServerId) is null)
            {
                pipeline.RecordTailOffset(ServerId, 0);
            }

            return false;
        }

        var stored = resume ? pipeline.TailOffset(ServerId) : 0;
        if (stored is { } offset && offset <= file.Length)
        {
            _position = offset;
        }
        else
        {
            // Never read before: start at the end. A stored offset past the end: the file was replaced while the agent was away.
            _position = stored is null ? file.Length : 0;
            pipeline.RecordTailOffset(ServerId, _position);
        }

        file.Seek(_position, SeekOrigin.Begin);
        _pending.Clear();
        _file = file;
        _openedAs = LinkTarget(file);
        return true;
    }

    /// <summary>Reads to the file's end; false when it stopped before, because the server's buffer is full.</summary>
    private bool ReadToEnd()
    {
        int read;
        while ((read = _file!.Read(_chunk)) > 0)
        {
            var span = _chunk.AsSpan(0, read);
            int newline;
            while ((newline = span.IndexOf((byte)'\n')) >= 0)
            {
                if (!pipeline.HasRoom(ServerId))
                {
                    // Read again from the first line not handed over, at the next poll.
                    _pending.Clear();
                    _file.Seek(_position, SeekOrigin.Begin);
                    return false;
                }

                var consumed = _pending.Count + newline + 1;
                Emit(span[..newline], consumed);
                span = span[(newline + 1)..];
            }

            _pending.AddRange(span);
            if (_pending.Count > MaxPendingBytes)
            {
                HandOverPending();
            }
        }

        return true;
    }

    private void HandOverPending()
    {
        if (_pending.Count > 0)
        {
            Emit([], _pending.Count);
        }
    }

    /// <summary>Hands over the pending bytes followed by <paramref name="tail"/> as one line, <paramref name="consumed"/> bytes in all.</summary>
    private void Emit(ReadOnlySpan<byte> tail, long consumed)
    {
        byte[] bytes = _pending.Count == 0 ? tail.ToArray() : [.. _pending, .. tail];
        _pending.Clear();
        var length = bytes.Length > 0 && bytes[^1] == '\r' ? bytes.Length - 1 : bytes.Length;
        _position += consumed;
        pipeline.AppendFromFile(ServerId, Encoding.UTF8.GetString(bytes, 0, length), _position);
    }

    /// <summary>Whether the path no longer names the open file: it was renamed or deleted (on Linux, where /proc says so).</summary>
    private bool IsRenamedAway() =>
        _openedAs is not null && LinkTarget(_file!) is { } now && !string.Equals(now, _openedAs, StringComparison.Ordinal);

    private static string? LinkTarget(FileStream file)
    {
        try
        {
            return new FileInfo($"/proc/self/fd/{file.SafeFileHandle.DangerousGetHandle()}").LinkTarget;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}

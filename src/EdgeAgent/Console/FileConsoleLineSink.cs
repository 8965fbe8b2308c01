using System.Text;
using GameOps.EdgeAgent.Configuration;
using Microsoft.Extensions.Logging;

namespace GameOps.EdgeAgent.Console;

/// <summary>
/// Appends each game server's console lines to <c>&lt;serverId&gt;.log</c> in the <c>consoleLogDirectory</c> the
/// config names, one line per line, flushed as it comes so a reader (or a test) sees it at once. A file truncated
/// under it (logrotate's <c>copytruncate</c>) is followed: writing resumes at its new end.
/// </summary>
public sealed partial class FileConsoleLineSink : IConsoleLineSink, IDisposable
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, FileStream> _files = new(StringComparer.Ordinal);
    private readonly HashSet<string> _failing = new(StringComparer.Ordinal);
    private readonly ILogger _logger;
    private bool _disposed;

    public FileConsoleLineSink(string directory, ILogger<FileConsoleLineSink> logger)
    {
        Directory = Path.GetFullPath(directory);
        _logger = logger;
    }

    /// <summary>The folder holding the per-server files.</summary>
    public string Directory { get; }

    /// <summary>The file <paramref name="serverId"/>'s lines go to.</summary>
    public string PathFor(string serverId) => Path.Combine(Directory, serverId + ".log");

    public void Publish(string serverId, string line)
    {
        ArgumentNullException.ThrowIfNull(serverId);
        ArgumentNullException.ThrowIfNull(line);

        // Server ids are validated by the config loader; anything else could name a path outside the folder.
        if (!AgentConfigLoader.IsValidId(serverId))
        {
            return;
        }

        var bytes = Encode(line);
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            try
            {
                var file = Open(serverId);
                if (file.Length < file.Position)
                {
                    file.Seek(0, SeekOrigin.End);
                }

                file.Write(bytes);
                file.Flush();
                if (_failing.Remove(serverId))
                {
                    LogRecovered(serverId, Directory);
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // A full disk or a wrong permission must not stop the game's console from being read: the line is
                // dropped, and the problem logged once until a write succeeds again.
                if (_files.Remove(serverId, out var broken))
                {
                    broken.Dispose();
                }

                if (_failing.Add(serverId))
                {
                    LogWriteFailed(serverId, Directory, exception);
                }
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            foreach (var file in _files.Values)
            {
                file.Dispose();
            }

            _files.Clear();
        }
    }

    private FileStream Open(string serverId)
    {
        if (!_files.TryGetValue(serverId, out var file))
        {
            // Console lines name players and their addresses: a folder the agent makes is 0700, a file it makes 0600.
            OwnerOnly.CreateFolder(Directory);
            var options = OwnerOnly.WriteOptions(FileMode.Append);
            options.Share = FileShare.ReadWrite | FileShare.Delete;
            file = new FileStream(PathFor(serverId), options);
            _files[serverId] = file;
        }

        return file;
    }

    /// <summary>One line as <see cref="ConsoleLines.Limit"/> keeps it, and its line break.</summary>
    private static byte[] Encode(string line) => Utf8.GetBytes(ConsoleLines.Limit(line, out _) + "\n");

    [LoggerMessage(EventId = 60, Level = LogLevel.Warning,
        Message = "Could not write console lines of game server {ServerId} to its file in {Directory}; lines are dropped until a write succeeds")]
    private partial void LogWriteFailed(string serverId, string directory, Exception exception);

    [LoggerMessage(EventId = 61, Level = LogLevel.Information, Message = "Writing console lines of game server {ServerId} to its file in {Directory} again")]
    private partial void LogRecovered(string serverId, string directory);
}

using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using GameOps.AgentProtocol;
using Microsoft.Extensions.Logging;

namespace GameOps.EdgeAgent.Jobs;

/// <summary>
/// The agent's memory of the jobs it ran, so a job delivered twice (the wire is at-least-once) runs once.
/// An append-only JSON-lines file: a <c>started</c> record reaches the disk before the game command is sent, a
/// <c>finished</c> record holds the result, an <c>acked</c> record notes that the control plane stored it. A job
/// started but never finished was cut short by a restart: it is answered as failed and never run again, unless its
/// action only reads (<see cref="GameActions.ReadOnly"/>), which is forgotten so a re-delivery runs it.
/// Keeps the newest <see cref="MaxJobs"/> jobs and rewrites the file when it holds more than twice that many records.
/// </summary>
public sealed partial class JobJournal : IDisposable
{
    public const int DefaultMaxJobs = 1000;

    /// <summary>The error of a job that was running when the agent stopped and whose action is not retry-safe.</summary>
    public static string InterruptedError(string? action) =>
        $"the agent restarted while this job ran; {action ?? "its action"} is not retry-safe (only reads are), so it was not run " +
        "again and the game may or may not have done it";

    private static readonly byte[] NewLine = "\n"u8.ToArray();

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _order = new();
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private FileStream? _file;
    private int _recordsInFile;

    private JobJournal(string path, int maxJobs, ILogger logger, TimeProvider timeProvider)
    {
        FilePath = path;
        MaxJobs = maxJobs;
        _logger = logger;
        _timeProvider = timeProvider;
    }

    public string FilePath { get; }

    public int MaxJobs { get; }

    /// <summary>How many jobs the journal remembers.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>
    /// Loads the journal at <paramref name="path"/> (creating it and its folder when missing), marks jobs a restart
    /// cut short as failed, and rewrites the file compactly. A line that is not a valid record is skipped with a warning.
    /// </summary>
    public static JobJournal Open(string path, ILogger<JobJournal> logger, TimeProvider timeProvider, int maxJobs = DefaultMaxJobs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxJobs, 1);
        var journal = new JobJournal(Path.GetFullPath(path), maxJobs, logger, timeProvider);
        journal.Load();
        return journal;
    }

    /// <summary>
    /// Decides what to do with an assignment. For <see cref="JobAdmissionKind.Run"/>, the started record has been
    /// written and flushed to disk before this returns.
    /// </summary>
    /// <exception cref="IOException">The started record could not be written: do not run the job.</exception>
    public JobAdmission Admit(string jobId, string serverId, string action)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(jobId, out var existing))
            {
                return existing.Result is { } result ? JobAdmission.AlreadyFinished(result) : JobAdmission.AlreadyRunning;
            }

            var entry = new Entry(jobId) { ServerId = serverId, Action = action, StartedAt = _timeProvider.GetUtcNow() };
            Append(StartedRecord(entry), durable: true);
            Remember(entry);
            EvictOverflow();
            CompactIfGrown();
            return JobAdmission.Run;
        }
    }

    /// <summary>Stores a job's result (once; a later call for the same job is ignored).</summary>
    public void Complete(string jobId, JobResult result)
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue(jobId, out var entry))
            {
                entry = new Entry(jobId);
                Remember(entry);
            }

            if (entry.Result is not null)
            {
                return;
            }

            entry.Result = result;
            entry.FinishedAt = _timeProvider.GetUtcNow();
            try
            {
                Append(FinishedRecord(entry), durable: true);
            }
            catch (Exception exception) when (exception is IOException or ObjectDisposedException)
            {
                // The result still goes out over the stream; after a restart this job reads as cut short.
                LogWriteFailed(FilePath, exception);
            }

            EvictOverflow();
            CompactIfGrown();
        }
    }

    /// <summary>
    /// The control plane cancelled the job: true, with the job stored as cancelled (so a later assignment of it is
    /// answered so), when it has not started here; false when it has started or finished, so it runs to its end.
    /// </summary>
    /// <exception cref="IOException">The cancellation could not be written: the job is not cancelled.</exception>
    public bool TryCancel(string jobId)
    {
        lock (_lock)
        {
            if (_entries.ContainsKey(jobId))
            {
                return false;
            }

            var entry = new Entry(jobId) { Result = JobResult.Cancel(), FinishedAt = _timeProvider.GetUtcNow() };
            Append(FinishedRecord(entry), durable: true);
            Remember(entry);
            EvictOverflow();
            CompactIfGrown();
            return true;
        }
    }

    /// <summary>Notes that the control plane stored this job's result, so it is not re-sent on reconnect.</summary>
    public void Acknowledge(string jobId)
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue(jobId, out var entry) || entry.Result is null || entry.Acknowledged)
            {
                return;
            }

            entry.Acknowledged = true;
            try
            {
                // Not flushed to disk: losing it only means one more re-send after a crash.
                Append(new JobJournalRecord { Type = JobJournalRecord.Acked, JobId = jobId, At = _timeProvider.GetUtcNow() }, durable: false);
            }
            catch (Exception exception) when (exception is IOException or ObjectDisposedException)
            {
                LogWriteFailed(FilePath, exception);
            }

            CompactIfGrown();
        }
    }

    /// <summary>Finished jobs whose result the control plane has not acknowledged, oldest first.</summary>
    public IReadOnlyList<FinishedJob> Unacknowledged()
    {
        lock (_lock)
        {
            return [.. _order.Where(e => e.Result is not null && !e.Acknowledged).Select(e => new FinishedJob(e.JobId, e.Result!))];
        }
    }

    public bool TryGetResult(string jobId, [NotNullWhen(true)] out JobResult? result)
    {
        lock (_lock)
        {
            result = _entries.TryGetValue(jobId, out var entry) ? entry.Result : null;
            return result is not null;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _file?.Dispose();
            _file = null;
        }
    }

    private void Load()
    {
        OwnerOnly.CreateFolderOf(FilePath);
        var skipped = 0;
        if (File.Exists(FilePath))
        {
            var lineNumber = 0;
            foreach (var line in File.ReadLines(FilePath))
            {
                lineNumber++;
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                if (!TryApply(line))
                {
                    // Typically the half-written last line of a crash; never a reason not to start.
                    skipped++;
                    LogCorruptLine(FilePath, lineNumber);
                }
            }
        }

        var interrupted = 0;
        foreach (var entry in _order.Where(e => e.Result is null).ToList())
        {
            interrupted++;
            if (entry.Action is { } action && GameActions.IsReadOnly(action))
            {
                // A read changes nothing: forgotten, it runs again when the control plane re-sends it.
                _entries.Remove(entry.JobId);
                _order.Remove(entry);
                LogInterruptedRead(entry.JobId, entry.ServerId ?? "?", action);
                continue;
            }

            entry.Result = JobResult.Failure(InterruptedError(entry.Action));
            entry.FinishedAt = _timeProvider.GetUtcNow();
            LogInterrupted(entry.JobId, entry.ServerId ?? "?", entry.Action ?? "?");
        }

        EvictOverflow();

        // Rewriting at start drops skipped and superseded lines, and a torn last line that appends would run into.
        Compact();
        LogLoaded(FilePath, _entries.Count, skipped, interrupted);
    }

    private bool TryApply(string line)
    {
        JobJournalRecord? record;
        try
        {
            record = JsonSerializer.Deserialize(line, JobJournalJsonContext.Default.JobJournalRecord);
        }
        catch (JsonException)
        {
            return false;
        }

        if (record is null || string.IsNullOrEmpty(record.JobId))
        {
            return false;
        }

        _entries.TryGetValue(record.JobId, out var entry);
        switch (record.Type)
        {
            case JobJournalRecord.Started:
                if (entry is null)
                {
                    Remember(new Entry(record.JobId) { ServerId = record.ServerId, Action = record.Action, StartedAt = record.At });
                }

                return true;

            case JobJournalRecord.Finished when record.Phase is JobJournalRecord.Succeeded or JobJournalRecord.Failed or JobJournalRecord.TimedOut or JobJournalRecord.Cancelled:
                if (entry is null)
                {
                    entry = new Entry(record.JobId);
                    Remember(entry);
                }

                entry.Result = record.Phase switch
                {
                    JobJournalRecord.Succeeded => JobResult.Success(record.Output ?? string.Empty, record.DataJson),
                    JobJournalRecord.TimedOut => JobResult.DeadlinePassed(record.Error ?? string.Empty),
                    JobJournalRecord.Cancelled => JobResult.Cancel(),
                    _ => JobResult.Failure(record.Error ?? string.Empty),
                } with { Attempts = record.Attempts ?? 1 };
                entry.FinishedAt = record.At;
                entry.Acknowledged = record.Acknowledged ?? false;
                return true;

            case JobJournalRecord.Acked:
                if (entry is not null)
                {
                    entry.Acknowledged = true;
                }

                return true;

            default:
                return false;
        }
    }

    private void Remember(Entry entry)
    {
        _entries.Add(entry.JobId, entry);
        _order.AddLast(entry);
    }

    /// <summary>Forgets the oldest finished jobs beyond <see cref="MaxJobs"/>; a running job is never forgotten.</summary>
    private void EvictOverflow()
    {
        var node = _order.First;
        while (_entries.Count > MaxJobs && node is not null)
        {
            var next = node.Next;
            if (node.Value.Result is not null)
            {
                _entries.Remove(node.Value.JobId);
                _order.Remove(node);
            }

            node = next;
        }
    }

    private void CompactIfGrown()
    {
        if (_recordsInFile > 2 * MaxJobs)
        {
            try
            {
                Compact();
            }
            catch (IOException exception)
            {
                LogWriteFailed(FilePath, exception);
            }
        }
    }

    /// <summary>Writes one record per remembered job to a new file and swaps it in atomically.</summary>
    private void Compact()
    {
        var temporary = FilePath + ".tmp";

        // The journal holds job output (player names and addresses): created 0600, and a leftover temporary file of a
        // crash is replaced rather than reused with whatever mode it had. Swapped in, it gives the journal its mode.
        File.Delete(temporary);
        var options = OwnerOnly.WriteOptions(FileMode.CreateNew);
        options.Share = FileShare.None;
        using (var output = new FileStream(temporary, options))
        {
            foreach (var entry in _order)
            {
                var record = entry.Result is null ? StartedRecord(entry) : FinishedRecord(entry);
                output.Write(JsonSerializer.SerializeToUtf8Bytes(record, JobJournalJsonContext.Default.JobJournalRecord));
                output.Write(NewLine);
            }

            output.Flush(flushToDisk: true);
        }

        File.Move(temporary, FilePath, overwrite: true);
        _file?.Dispose();
        _file = new FileStream(FilePath, FileMode.Append, FileAccess.Write, FileShare.Read);
        _recordsInFile = _entries.Count;
    }

    private void Append(JobJournalRecord record, bool durable)
    {
        var file = _file ?? throw new ObjectDisposedException(nameof(JobJournal));
        var bytes = JsonSerializer.SerializeToUtf8Bytes(record, JobJournalJsonContext.Default.JobJournalRecord);
        file.Write(bytes);
        file.Write(NewLine);
        file.Flush(flushToDisk: durable);
        _recordsInFile++;
    }

    private static JobJournalRecord StartedRecord(Entry entry) => new()
    {
        Type = JobJournalRecord.Started,
        JobId = entry.JobId,
        At = entry.StartedAt,
        ServerId = entry.ServerId,
        Action = entry.Action,
    };

    private static JobJournalRecord FinishedRecord(Entry entry) => new()
    {
        Type = JobJournalRecord.Finished,
        JobId = entry.JobId,
        At = entry.FinishedAt,
        Phase = entry.Result!.Succeeded ? JobJournalRecord.Succeeded
            : entry.Result.TimedOut ? JobJournalRecord.TimedOut
            : entry.Result.Cancelled ? JobJournalRecord.Cancelled
            : JobJournalRecord.Failed,
        Output = entry.Result.Output.Length > 0 ? entry.Result.Output : null,
        Error = entry.Result.Error.Length > 0 ? entry.Result.Error : null,
        DataJson = entry.Result.DataJson.Length > 0 ? entry.Result.DataJson : null,
        Attempts = entry.Result.Attempts > 1 ? entry.Result.Attempts : null,
        Acknowledged = entry.Acknowledged ? true : null,
    };

    [LoggerMessage(EventId = 30, Level = LogLevel.Information,
        Message = "Job journal {Path} loaded: {Jobs} jobs remembered, {Skipped} corrupt lines skipped, {Interrupted} jobs cut short by a restart")]
    private partial void LogLoaded(string path, int jobs, int skipped, int interrupted);

    [LoggerMessage(EventId = 31, Level = LogLevel.Warning, Message = "Skipped line {LineNumber} of the job journal {Path}: not a valid record")]
    private partial void LogCorruptLine(string path, int lineNumber);

    [LoggerMessage(EventId = 32, Level = LogLevel.Warning,
        Message = "Job {JobId} ({Action} on {ServerId}) was running when the agent stopped; it is not retry-safe, so it is reported as failed and will not run again")]
    private partial void LogInterrupted(string jobId, string serverId, string action);

    [LoggerMessage(EventId = 34, Level = LogLevel.Information,
        Message = "Job {JobId} ({Action} on {ServerId}) was running when the agent stopped; it only reads, so it runs again if the control plane re-sends it")]
    private partial void LogInterruptedRead(string jobId, string serverId, string action);

    [LoggerMessage(EventId = 33, Level = LogLevel.Error, Message = "Could not write to the job journal {Path}")]
    private partial void LogWriteFailed(string path, Exception exception);

    private sealed class Entry(string jobId)
    {
        public string JobId { get; } = jobId;

        public string? ServerId { get; init; }

        public string? Action { get; init; }

        public DateTimeOffset? StartedAt { get; init; }

        public DateTimeOffset? FinishedAt { get; set; }

        public JobResult? Result { get; set; }

        public bool Acknowledged { get; set; }
    }
}

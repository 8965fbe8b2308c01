namespace GameOps.EdgeAgent.Jobs;

/// <summary>One line of the journal file.</summary>
internal sealed class JobJournalRecord
{
    public const string Started = "started";
    public const string Finished = "finished";
    public const string Acked = "acked";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string TimedOut = "timedOut";
    public const string Cancelled = "cancelled";

    /// <summary><see cref="Started"/>, <see cref="Finished"/> or <see cref="Acked"/>.</summary>
    public string? Type { get; set; }

    public string? JobId { get; set; }

    public DateTimeOffset? At { get; set; }

    /// <summary>On a started record.</summary>
    public string? ServerId { get; set; }

    /// <summary>On a started record.</summary>
    public string? Action { get; set; }

    /// <summary>On a finished record: <see cref="Succeeded"/>, <see cref="Failed"/>, <see cref="TimedOut"/> or <see cref="Cancelled"/>.</summary>
    public string? Phase { get; set; }

    public string? Output { get; set; }

    public string? Error { get; set; }

    /// <summary>On a finished record: the typed result, when the action has one.</summary>
    public string? DataJson { get; set; }

    /// <summary>On a finished record: how many times the game was tried, when more than once.</summary>
    public int? Attempts { get; set; }

    /// <summary>On a finished record written by compaction: whether the control plane had acknowledged it.</summary>
    public bool? Acknowledged { get; set; }
}

using System.Collections.Immutable;
using GameOps.Grains.ServerConsole;

namespace GameOps.Web.Servers;

/// <summary>
/// The lines a console page shows, in order, each once: the held lines read after the last number shown, then live
/// batches. A live batch that would leave a hole after the last number shown (a batch lost, or one that came ahead of
/// an earlier one), dropped live batches and a reconnected circuit all end the same way: the page reads the held lines
/// after the last number shown (<see cref="BeginCatchUp"/>, <see cref="EndCatchUp"/>), while live batches that arrive
/// meanwhile wait here and are applied after it, skipping what it already gave. So a line is never shown twice, and a
/// hole is never left silently: lines the control plane no longer holds are shown as missed.
/// </summary>
public sealed class ConsoleFeed(int capacity = ConsoleFeed.DefaultCapacity)
{
    /// <summary>As many lines as the control plane holds per server by default.</summary>
    public const int DefaultCapacity = 5000;

    private readonly List<ConsoleEntry> _entries = [];
    private readonly Queue<ImmutableArray<ConsoleLine>> _held = new();
    private bool _againAfterCatchUp;

    /// <summary>The entries shown, oldest first; the oldest go when there are more than the capacity.</summary>
    public IReadOnlyList<ConsoleEntry> Entries => _entries;

    /// <summary>The highest number shown or accounted for (as a gap or as missed); 0 before anything was.</summary>
    public ulong Shown { get; private set; }

    /// <summary>True until the first catch-up (the held lines) is in.</summary>
    public bool IsLoading { get; private set; } = true;

    /// <summary>A catch-up is under way: live batches wait until it ends.</summary>
    public bool IsCatchingUp { get; private set; }

    /// <summary>Takes a live batch; true when the caller must catch up (the batch would leave a hole; it waits here until then).</summary>
    public bool Receive(ImmutableArray<ConsoleLine> lines)
    {
        if (IsCatchingUp || IsLoading)
        {
            _held.Enqueue(lines);
            return false;
        }

        if (Apply(lines) is { } rest)
        {
            _held.Enqueue(rest);
            return true;
        }

        return false;
    }

    /// <summary>Live batches were dropped (or the circuit reconnected); true when the caller must catch up now.</summary>
    public bool Interrupted()
    {
        if (IsCatchingUp || IsLoading)
        {
            _againAfterCatchUp = true;
            return false;
        }

        return true;
    }

    /// <summary>Starts a catch-up; returns the number to read the held lines after.</summary>
    public ulong BeginCatchUp()
    {
        IsCatchingUp = true;
        _againAfterCatchUp = false;
        return Shown;
    }

    /// <summary>
    /// Shows the held lines read after <paramref name="after"/>, then the live batches that waited; true when another
    /// catch-up is needed (one of them would leave a hole, or batches were dropped meanwhile).
    /// </summary>
    public bool EndCatchUp(ConsoleBacklog backlog, ulong after)
    {
        // The first read shows the newest held lines; only a resume says that lines it should have shown are gone.
        if (backlog.Missed > 0 && !IsLoading)
        {
            Add(new ConsoleEntry(after, null, $"{backlog.Missed} lines are no longer held by the control plane", ConsoleEntryKind.Missed, backlog.Missed));
        }

        foreach (var line in backlog.Lines)
        {
            Show(line);
        }

        Shown = Math.Max(Shown, backlog.LastToldAfter(after));
        IsLoading = false;
        while (_held.TryDequeue(out var held))
        {
            if (Apply(held) is { } rest)
            {
                var waiting = _held.ToArray();
                _held.Clear();
                _held.Enqueue(rest);
                foreach (var batch in waiting)
                {
                    _held.Enqueue(batch);
                }

                return true;
            }
        }

        IsCatchingUp = _againAfterCatchUp;
        return _againAfterCatchUp;
    }

    /// <summary>A catch-up failed: what waited is kept, and the next catch-up starts from the same number.</summary>
    public void CatchUpFailed() => IsCatchingUp = false;

    // Shows the lines in order; returns the rest of the batch from the first line that would leave a hole.
    private ImmutableArray<ConsoleLine>? Apply(ImmutableArray<ConsoleLine> lines)
    {
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Sequence <= Shown)
            {
                continue;
            }

            if (line.FirstTold > Shown + 1)
            {
                return lines[i..];
            }

            Show(line);
        }

        return null;
    }

    private void Show(ConsoleLine line)
    {
        if (line.Sequence <= Shown)
        {
            return;
        }

        Add(line.IsGap
            ? new ConsoleEntry(line.Sequence, line.ReadAt, $"{line.Dropped} lines dropped by the agent before it could send them", ConsoleEntryKind.Gap, line.Dropped)
            : new ConsoleEntry(line.Sequence, line.ReadAt, line.Text, ConsoleEntryKind.Line));
        Shown = line.Sequence;
    }

    private void Add(ConsoleEntry entry)
    {
        _entries.Add(entry);
        if (_entries.Count > capacity)
        {
            _entries.RemoveRange(0, _entries.Count - capacity);
        }
    }
}

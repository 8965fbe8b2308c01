using System.Collections.Immutable;

namespace GameOps.Grains.ServerConsole;

/// <summary>The most recent lines of one server's console, in order of their numbers; the oldest go when it is full.</summary>
public sealed class ConsoleRing(int capacity)
{
    private readonly ConsoleLine[] _lines = new ConsoleLine[capacity];
    private int _start;
    private int _count;

    public int Count => _count;

    /// <summary>The number of the oldest line held; null when none is.</summary>
    public ulong? FirstSequence => _count == 0 ? null : _lines[_start].Sequence;

    /// <summary>Adds lines numbered above every held one.</summary>
    public void Add(IEnumerable<ConsoleLine> lines)
    {
        foreach (var line in lines)
        {
            var end = (_start + _count) % _lines.Length;
            _lines[end] = line;
            if (_count == _lines.Length)
            {
                _start = (_start + 1) % _lines.Length;
            }
            else
            {
                _count++;
            }
        }
    }

    /// <summary>The held lines numbered above <paramref name="sequence"/>, oldest first.</summary>
    public ImmutableArray<ConsoleLine> After(ulong sequence)
    {
        // Numbers rise through the ring, so the first line after `sequence` is found by binary search.
        int low = 0, high = _count;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (At(middle).Sequence <= sequence)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        var builder = ImmutableArray.CreateBuilder<ConsoleLine>(_count - low);
        for (var i = low; i < _count; i++)
        {
            builder.Add(At(i));
        }

        return builder.MoveToImmutable();
    }

    private ConsoleLine At(int index) => _lines[(_start + index) % _lines.Length];
}

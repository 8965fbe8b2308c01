using System.Numerics;

namespace GameOps.Bench.Measurement;

/// <summary>
/// Round-trip times in microseconds, in log-linear buckets (HdrHistogram's layout): exact below 256 µs, then 128
/// buckets per power of two, so every recorded value is known to within 0.8 %. Not thread-safe: give each caller
/// its own and <see cref="Add"/> them at the end.
/// </summary>
public sealed class LatencyHistogram
{
    private const int ExactLimit = 256;
    private const int SubBuckets = 128;
    private const int SubBucketBits = 7;

    // Up to 2^40 µs (12 days): far beyond any wait the API allows.
    private const int MaxShift = 40 - SubBucketBits;

    private readonly long[] _counts = new long[ExactLimit + (MaxShift * SubBuckets)];

    public long Count { get; private set; }

    public long MaxMicroseconds { get; private set; }

    public void Record(long microseconds)
    {
        var value = Math.Max(0, microseconds);
        _counts[IndexOf(value)]++;
        Count++;
        if (value > MaxMicroseconds)
        {
            MaxMicroseconds = value;
        }
    }

    public void RecordElapsed(long startTimestamp, long endTimestamp) =>
        Record((endTimestamp - startTimestamp) * 1_000_000 / System.Diagnostics.Stopwatch.Frequency);

    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }

        Count += other.Count;
        MaxMicroseconds = Math.Max(MaxMicroseconds, other.MaxMicroseconds);
    }

    /// <summary>The smallest value that <paramref name="quantile"/> of the recordings are at or below, in milliseconds.</summary>
    public double PercentileMilliseconds(double quantile)
    {
        if (Count == 0)
        {
            return double.NaN;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(quantile * Count));
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return Math.Min(HighestEquivalent(i), MaxMicroseconds) / 1000.0;
            }
        }

        return MaxMicroseconds / 1000.0;
    }

    public double MeanMilliseconds()
    {
        if (Count == 0)
        {
            return double.NaN;
        }

        double sum = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            if (_counts[i] != 0)
            {
                sum += _counts[i] * ((LowestEquivalent(i) + HighestEquivalent(i)) / 2.0);
            }
        }

        return sum / Count / 1000.0;
    }

    private static int IndexOf(long value)
    {
        if (value < ExactLimit)
        {
            return (int)value;
        }

        var shift = (63 - BitOperations.LeadingZeroCount((ulong)value)) - SubBucketBits;
        if (shift > MaxShift)
        {
            return ExactLimit + (MaxShift * SubBuckets) - 1;
        }

        var sub = (int)(value >> shift) - SubBuckets;
        return ExactLimit + ((shift - 1) * SubBuckets) + sub;
    }

    private static long LowestEquivalent(int index)
    {
        if (index < ExactLimit)
        {
            return index;
        }

        var shift = ((index - ExactLimit) / SubBuckets) + 1;
        var sub = ((index - ExactLimit) % SubBuckets) + SubBuckets;
        return (long)sub << shift;
    }

    private static long HighestEquivalent(int index)
    {
        if (index < ExactLimit)
        {
            return index;
        }

        var shift = ((index - ExactLimit) / SubBuckets) + 1;
        return LowestEquivalent(index) + (1L << shift) - 1;
    }
}

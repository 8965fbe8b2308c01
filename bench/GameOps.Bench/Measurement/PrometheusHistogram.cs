using System.Globalization;

namespace GameOps.Bench.Measurement;

/// <summary>
/// One histogram read from Prometheus' text exposition format: cumulative counts per upper bound (<c>le</c>),
/// summed over every label set. Two snapshots subtract to the observations in between.
/// </summary>
public sealed class PrometheusHistogram
{
    private readonly SortedDictionary<double, double> _cumulative;

    private PrometheusHistogram(SortedDictionary<double, double> cumulative) => _cumulative = cumulative;

    public double Count => _cumulative.Count == 0 ? 0 : _cumulative.Values.Max();

    /// <summary>
    /// The <c>_bucket</c> series of the first histogram whose name contains <paramref name="nameFragment"/>
    /// (e.g. <c>heartbeat_lag</c>), or null when the text has none; with <paramref name="label"/> (e.g. <c>stage="received"</c>),
    /// only the series that carry it.
    /// </summary>
    public static PrometheusHistogram? Parse(string exposition, string nameFragment, string? label = null)
    {
        var buckets = new SortedDictionary<double, double>();
        string? family = null;
        foreach (var raw in exposition.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var brace = line.IndexOf('{', StringComparison.Ordinal);
            var name = brace < 0 ? line.Split(' ')[0] : line[..brace];
            if (!name.EndsWith("_bucket", StringComparison.Ordinal) || !name.Contains(nameFragment, StringComparison.Ordinal))
            {
                continue;
            }

            family ??= name;
            if (name != family || brace < 0)
            {
                continue;
            }

            var close = line.LastIndexOf('}');
            var labels = line[(brace + 1)..close];
            if (label is not null && !labels.Split(',').Contains(label, StringComparer.Ordinal))
            {
                continue;
            }

            var le = LabelValue(labels, "le");
            if (le is null)
            {
                continue;
            }

            var bound = le == "+Inf" ? double.PositiveInfinity : double.Parse(le, CultureInfo.InvariantCulture);
            var value = double.Parse(line[(close + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            buckets[bound] = buckets.GetValueOrDefault(bound) + value;
        }

        return family is null ? null : new PrometheusHistogram(buckets);
    }

    /// <summary>The observations recorded after <paramref name="earlier"/> was read.</summary>
    public PrometheusHistogram Since(PrometheusHistogram? earlier)
    {
        var difference = new SortedDictionary<double, double>();
        foreach (var (bound, count) in _cumulative)
        {
            difference[bound] = count - (earlier?._cumulative.GetValueOrDefault(bound) ?? 0);
        }

        return new PrometheusHistogram(difference);
    }

    /// <summary>
    /// The quantile by linear interpolation inside its bucket (as PromQL's <c>histogram_quantile</c>), in the
    /// histogram's unit, with the bucket's upper bound: the value is only known to lie at or below it.
    /// </summary>
    public (double Estimate, double UpperBound) Quantile(double quantile)
    {
        var total = Count;
        if (total <= 0)
        {
            return (double.NaN, double.NaN);
        }

        var rank = quantile * total;
        var lower = 0.0;
        var below = 0.0;
        foreach (var (bound, cumulative) in _cumulative)
        {
            if (cumulative >= rank)
            {
                if (double.IsPositiveInfinity(bound))
                {
                    return (lower, bound);
                }

                var inBucket = cumulative - below;
                var estimate = inBucket <= 0 ? bound : lower + ((bound - lower) * (rank - below) / inBucket);
                return (estimate, bound);
            }

            lower = bound;
            below = cumulative;
        }

        return (lower, double.PositiveInfinity);
    }

    private static string? LabelValue(string labels, string label)
    {
        var key = label + "=\"";
        var at = labels.IndexOf(key, StringComparison.Ordinal);
        while (at > 0 && labels[at - 1] is not (',' or ' '))
        {
            at = labels.IndexOf(key, at + 1, StringComparison.Ordinal);
        }

        if (at < 0)
        {
            return null;
        }

        var start = at + key.Length;
        var end = labels.IndexOf('"', start);
        return end < 0 ? null : labels[start..end];
    }
}

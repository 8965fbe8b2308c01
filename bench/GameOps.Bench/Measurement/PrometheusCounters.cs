using System.Globalization;

namespace GameOps.Bench.Measurement;

/// <summary>Counter values read from Prometheus' text exposition format; two snapshots subtract to what happened in between.</summary>
public static class PrometheusCounters
{
    /// <summary>
    /// The sum of every series named <paramref name="name"/> (e.g. <c>gameops_console_writes_total</c>) whose labels
    /// include <paramref name="label"/> (e.g. <c>state_name="console"</c>) when one is given; 0 when there is none.
    /// </summary>
    public static double Sum(string? exposition, string name, string? label = null)
    {
        if (exposition is null)
        {
            return 0;
        }

        double sum = 0;
        foreach (var raw in exposition.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#' || !line.StartsWith(name, StringComparison.Ordinal))
            {
                continue;
            }

            var rest = line.AsSpan(name.Length);
            if (rest.Length == 0 || (rest[0] != ' ' && rest[0] != '{'))
            {
                continue;
            }

            var close = rest.LastIndexOf('}');
            var labels = rest[0] == '{' ? rest[1..close] : [];
            if (label is not null && !labels.ToString().Split(',').Contains(label, StringComparer.Ordinal))
            {
                continue;
            }

            var value = (rest[0] == '{' ? rest[(close + 1)..] : rest).Trim().ToString().Split(' ')[0];
            sum += double.Parse(value, CultureInfo.InvariantCulture);
        }

        return sum;
    }

    /// <summary>The values label <paramref name="label"/> takes in the series named <paramref name="name"/> (e.g. the <c>state_name</c>s of <c>gameops_storage_writes_total</c>).</summary>
    public static IEnumerable<string> LabelValues(string? exposition, string name, string label) =>
        (exposition ?? "").Split('\n')
            .Where(line => line.StartsWith(name + "{", StringComparison.Ordinal))
            .Select(line => line.Split(label + "=\"", 2) is [_, var rest] ? rest[..rest.IndexOf('"', StringComparison.Ordinal)] : null)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal);
}

using System.Globalization;
using System.Text.RegularExpressions;

namespace GameOps.Silo.Tests.Observability;

/// <summary>The samples of one scrape of <c>/metrics</c>, in the Prometheus text format.</summary>
internal sealed partial class PrometheusScrape(IReadOnlyList<PrometheusSample> samples)
{
    public IReadOnlyList<PrometheusSample> Samples { get; } = samples;

    public static PrometheusScrape Parse(string text)
    {
        var samples = new List<PrometheusSample>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith('#'))
            {
                continue;
            }

            var match = SamplePattern().Match(line);
            Assert.True(match.Success, $"Not a Prometheus sample: {line}");
            var labels = LabelPattern().Matches(match.Groups["labels"].Value)
                .ToDictionary(label => label.Groups["name"].Value, label => Regex.Unescape(label.Groups["value"].Value), StringComparer.Ordinal);
            samples.Add(new PrometheusSample(match.Groups["name"].Value, labels, ParseValue(match.Groups["value"].Value)));
        }

        return new PrometheusScrape(samples);
    }

    /// <summary>The samples named <paramref name="name"/> whose labels include <paramref name="labels"/> (<c>name=value</c>).</summary>
    public IEnumerable<PrometheusSample> Find(string name, params string[] labels) =>
        Samples.Where(sample => sample.Name == name && labels.All(label =>
        {
            var (key, value) = (label[..label.IndexOf('=', StringComparison.Ordinal)], label[(label.IndexOf('=', StringComparison.Ordinal) + 1)..]);
            return sample.Labels.TryGetValue(key, out var actual) && actual == value;
        }));

    /// <summary>The sum of the samples <see cref="Find"/> returns; 0 when there are none.</summary>
    public double Sum(string name, params string[] labels) => Find(name, labels).Sum(sample => sample.Value);

    public bool Has(string name, params string[] labels) => Find(name, labels).Any();

    private static double ParseValue(string value) => value switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>\S+)(\s+\S+)?$""")]
    private static partial Regex SamplePattern();

    [GeneratedRegex(@"(?<name>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>(?:[^""\\]|\\.)*)""")]
    private static partial Regex LabelPattern();
}

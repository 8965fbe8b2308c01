using System.Globalization;

namespace GameOps.Bench;

/// <summary>The command line: a command, then <c>--name value</c> pairs.</summary>
public sealed class BenchOptions
{
    private readonly Dictionary<string, string> _values;

    private BenchOptions(string command, Dictionary<string, string> values)
    {
        Command = command;
        _values = values;
    }

    public string Command { get; }

    public static BenchOptions Parse(string[] args)
    {
        var command = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "help";
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = command == "help" && (args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal)) ? 0 : 1; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"Expected '--name value' at '{args[i]}'.");
            }

            values[args[i][2..]] = args[++i];
        }

        return new BenchOptions(command, values);
    }

    public int Int(string name, int fallback) =>
        _values.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    public double Double(string name, double fallback) =>
        _values.TryGetValue(name, out var value) ? double.Parse(value, CultureInfo.InvariantCulture) : fallback;

    public TimeSpan Seconds(string name, double fallback) =>
        TimeSpan.FromSeconds(_values.TryGetValue(name, out var value) ? double.Parse(value, CultureInfo.InvariantCulture) : fallback);

    public string Text(string name, string fallback) => _values.GetValueOrDefault(name, fallback);

    public string? Text(string name) => _values.GetValueOrDefault(name);
}

using System.Globalization;
using System.Text;

namespace GameOps.EdgeAgent.Tests.Adapters.Fuzzing;

/// <summary>
/// Seeded fuzzing of how an adapter puts an argument into a console command: <see cref="Values"/> values built from
/// the characters consoles treat specially (separators, quotes, escapes, comment starts, control characters, non-ASCII)
/// and the console's own words, each handed to a check that either sees the adapter refuse it or asserts that the
/// console's tokenizer reads the command exactly as intended. A failure names the seed and the value, so it replays.
/// </summary>
internal static class ArgumentFuzzer
{
    public const int Values = 100_000;

    private static readonly string[] Pieces =
    [
        "a", "Z", "0", "9", " ", " ", "  ", "\t", "\n", "\r", "\r\n", "\0", "\u0001", "\u001b", "\u007f", "\u0085",
        "\"", "\"", "\"\"", "'", "\\", "\\", "\\\\", "\\\"", ";", ";", "#", "//", "/*", "*/", "/", "*", "$", "%", "^1", "{", "}",
        "(", ")", "=", ",", ".", "é", "Ünï", "🧟", "\u2028", "\u00a0",
    ];

    /// <param name="vocabulary">The console's own words (its commands, its refusals) mixed into the values.</param>
    /// <param name="check">Asserts on one value; returns true when the adapter refused it.</param>
    /// <returns>How many values were refused.</returns>
    public static int Run(int seed, IReadOnlyList<string> vocabulary, Func<string, bool> check)
    {
        var random = new Random(seed);
        var refused = 0;
        var value = new StringBuilder();
        for (var index = 0; index < Values; index++)
        {
            value.Clear();
            var parts = random.Next(1, 12);
            for (var part = 0; part < parts; part++)
            {
                value.Append(random.Next(4) == 0 ? vocabulary[random.Next(vocabulary.Count)] : Pieces[random.Next(Pieces.Length)]);
            }

            var text = value.ToString();
            try
            {
                refused += check(text) ? 1 : 0;
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                throw new InvalidOperationException($"Seed {seed}, value {index} {Describe(text)}: {exception.Message}", exception);
            }
        }

        return refused;
    }

    /// <summary>The value with every character outside printable ASCII written as \uXXXX, so a failure message shows it exactly.</summary>
    public static string Describe(string value)
    {
        var described = new StringBuilder(value.Length + 2).Append('«');
        foreach (var c in value)
        {
            described.Append(c is >= ' ' and < '\u007f' ? c.ToString() : string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"));
        }

        return described.Append('»').ToString();
    }
}

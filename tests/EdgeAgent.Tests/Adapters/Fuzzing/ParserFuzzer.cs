using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace GameOps.EdgeAgent.Tests.Adapters.Fuzzing;

/// <summary>
/// Seeded fuzzing of a pure parser: <see cref="Inputs"/> inputs, a third of them random bytes and words from the
/// protocol's vocabulary, the rest real answers mutated (bits flipped, bytes inserted and cut, ranges repeated, answers
/// spliced). Every input must finish within <see cref="TimeBudget"/>, allocate memory linear in its size, and either
/// parse or fail with the parser's typed error. A failure names the seed and the input, so it replays exactly.
/// </summary>
internal static class ParserFuzzer
{
    public const int Inputs = 100_000;

    public const int MaxInputBytes = 64 * 1024;

    public static readonly TimeSpan TimeBudget = TimeSpan.FromMilliseconds(50);

    /// <summary>Inputs slower than this are timed again, so the report shows the parser's time rather than the machine's.</summary>
    private static readonly TimeSpan RetimeAbove = TimeSpan.FromMilliseconds(5);

    /// <param name="parse">The parser; returns whether it reported a typed error as a value (a <c>TryParse</c> that said no).</param>
    /// <param name="isTypedError">Exceptions that are the parser's documented, typed failures.</param>
    public static FuzzReport Run(
        int seed,
        IReadOnlyList<byte[]> corpus,
        IReadOnlyList<byte[]> vocabulary,
        Func<byte[], bool> parse,
        Func<Exception, bool>? isTypedError = null)
    {
        isTypedError ??= _ => false;
        foreach (var sample in corpus)
        {
            Invoke(parse, sample, isTypedError, seed, -1); // JIT and warm caches outside the timing
        }

        var random = new Random(seed);
        var typedErrors = 0;
        var slowest = TimeSpan.Zero;
        var total = TimeSpan.Zero;
        var rescheduled = 0;
        long mostAllocated = 0;
        for (var index = 0; index < Inputs; index++)
        {
            var input = index % 3 == 0 ? RandomInput(random, vocabulary) : Mutate(random, corpus, vocabulary);
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var stopwatch = Stopwatch.StartNew();
            var typed = Invoke(parse, input, isTypedError, seed, index);
            var elapsed = stopwatch.Elapsed;
            var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
            if (elapsed > RetimeAbove)
            {
                // On a shared machine a thread can lose the CPU, or wait out another thread's garbage collection, for
                // longer than the budget; a slow parser stays slow on every run, a preempted one does not.
                rescheduled++;
                elapsed = Enumerable.Range(0, 3).Select(_ => Time(parse, input, isTypedError, seed, index)).Min();
                Assert.True(
                    elapsed <= TimeBudget,
                    $"Seed {seed}, input {index} ({input.Length} bytes) took {elapsed.TotalMilliseconds:0.###} ms: {Describe(input)}");
            }

            var allowed = (100L * input.Length) + (256 * 1024);
            Assert.True(
                allocated <= allowed,
                $"Seed {seed}, input {index} ({input.Length} bytes) allocated {allocated} bytes (allowed {allowed}): {Describe(input)}");

            typedErrors += typed ? 1 : 0;
            total += elapsed;
            slowest = elapsed > slowest ? elapsed : slowest;
            mostAllocated = Math.Max(mostAllocated, allocated);
        }

        return new FuzzReport(Inputs, typedErrors, total, slowest, rescheduled, mostAllocated);
    }

    private static TimeSpan Time(Func<byte[], bool> parse, byte[] input, Func<Exception, bool> isTypedError, int seed, int index)
    {
        var stopwatch = Stopwatch.StartNew();
        Invoke(parse, input, isTypedError, seed, index);
        return stopwatch.Elapsed;
    }

    private static bool Invoke(Func<byte[], bool> parse, byte[] input, Func<Exception, bool> isTypedError, int seed, int index)
    {
        try
        {
            return parse(input);
        }
        catch (Exception exception) when (isTypedError(exception))
        {
            return true;
        }
        catch (Exception exception)
        {
            Assert.Fail($"Seed {seed}, input {index}: {exception.GetType().Name} escaped the parser: {exception.Message}\n{Describe(input)}\n{exception}");
            return false;
        }
    }

    private static byte[] RandomInput(Random random, IReadOnlyList<byte[]> vocabulary)
    {
        var length = random.Next(10) switch
        {
            < 6 => random.Next(0, 256),
            < 9 => random.Next(256, 4096),
            _ => random.Next(4096, MaxInputBytes),
        };
        var bytes = new List<byte>(length);
        while (bytes.Count < length)
        {
            switch (random.Next(4))
            {
                case 0:
                    bytes.Add((byte)random.Next(256));
                    break;
                case 1:
                    bytes.Add((byte)random.Next(32, 127));
                    break;
                default:
                    bytes.AddRange(vocabulary[random.Next(vocabulary.Count)]);
                    break;
            }
        }

        return [.. bytes.Take(MaxInputBytes)];
    }

    private static byte[] Mutate(Random random, IReadOnlyList<byte[]> corpus, IReadOnlyList<byte[]> vocabulary)
    {
        var bytes = new List<byte>(corpus[random.Next(corpus.Count)]);
        var mutations = random.Next(1, 5);
        for (var i = 0; i < mutations; i++)
        {
            var at = random.Next(bytes.Count + 1);
            switch (random.Next(9))
            {
                case 0 when bytes.Count > 0:
                    bytes[at % bytes.Count] ^= (byte)(1 << random.Next(8));
                    break;
                case 1 when bytes.Count > 0:
                    bytes[at % bytes.Count] = (byte)random.Next(256);
                    break;
                case 2:
                    bytes.InsertRange(at, vocabulary[random.Next(vocabulary.Count)]);
                    break;
                case 3 when bytes.Count > 0:
                    bytes.RemoveRange(at % bytes.Count, Math.Min(random.Next(1, 64), bytes.Count - (at % bytes.Count)));
                    break;
                case 4 when bytes.Count > 0:
                {
                    var start = at % bytes.Count;
                    var range = bytes.GetRange(start, Math.Min(random.Next(1, 128), bytes.Count - start));
                    var copies = random.Next(1, random.Next(10) == 0 ? 400 : 8);
                    for (var copy = 0; copy < copies && bytes.Count < MaxInputBytes; copy++)
                    {
                        bytes.InsertRange(start, range);
                    }

                    break;
                }

                case 5:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 6:
                {
                    var other = corpus[random.Next(corpus.Count)];
                    var from = random.Next(other.Length + 1);
                    bytes.InsertRange(at, other.Skip(from).Take(random.Next(1, 512)));
                    break;
                }

                case 7:
                    bytes.Insert(at, (byte)random.Next(256));
                    break;
                default:
                    bytes.InsertRange(at, Enumerable.Range(0, random.Next(1, 16)).Select(_ => (byte)random.Next(256)));
                    break;
            }
        }

        return [.. bytes.Take(MaxInputBytes)];
    }

    private static string Describe(byte[] input) =>
        input.Length <= 512
            ? Convert.ToHexString(input)
            : Convert.ToHexString(input.AsSpan(0, 512)) + string.Create(CultureInfo.InvariantCulture, $"… ({input.Length} bytes)");

    public static IReadOnlyList<byte[]> Utf8(params string[] texts) => [.. texts.Select(Encoding.UTF8.GetBytes)];
}

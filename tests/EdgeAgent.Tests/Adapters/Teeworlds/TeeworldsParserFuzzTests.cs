using System.Buffers;
using System.Text;
using GameOps.EdgeAgent.Adapters.Teeworlds;
using GameOps.EdgeAgent.Tests.Adapters.Fuzzing;
using Xunit.Abstractions;

namespace GameOps.EdgeAgent.Tests.Adapters.Teeworlds;

/// <summary>10^5 seeded random and mutated inputs per Teeworlds parser (see <see cref="ParserFuzzer"/>).</summary>
public sealed class TeeworldsParserFuzzTests(ITestOutputHelper output)
{
    private static readonly IReadOnlyList<byte[]> StatusCorpus = ParserFuzzer.Utf8(
        TeeworldsStatusFixtures.EmptyServer,
        TeeworldsStatusFixtures.Version07,
        TeeworldsStatusFixtures.Version06,
        "id=3 addr=<{10.0.0.1:8303}> name='ddnet' client=16050 secure=yes");

    private static readonly IReadOnlyList<byte[]> Vocabulary = ParserFuzzer.Utf8(
        "\n", "\r\n", "\n\0\0", "\r\n\0", "\0", " ", "'", "''", "[", "]", "][", "]: ", "[00:00:00]", "[server]: ", "[chat]: ",
        "id=", "id=0 ", " addr=", "addr=", "name='", "' score=", " score=", "' client=", "client=705 ", "connecting", "(Admin)",
        "1.2.3.4:8303", "[::1]:8303", "<{", "}>", "-7", "999999999999", "é", "✓", "\u00ff", "Enter password:",
        "Authentication successful. External console access granted.", "Wrong password 1/3.");

    [Fact]
    public void Status_parser_returns_players_or_a_typed_error_for_any_bytes()
    {
        var report = ParserFuzzer.Run(
            seed: 5_519,
            StatusCorpus,
            Vocabulary,
            input =>
            {
                if (TeeworldsStatusParser.TryParse(Encoding.UTF8.GetString(input), out var players, out var error))
                {
                    Assert.DoesNotContain(players.Players, player => player.Id is null);
                    return false;
                }

                Assert.False(string.IsNullOrEmpty(error));
                return true;
            });

        output.WriteLine($"Teeworlds status parser: {report}");
    }

    [Fact]
    public void Line_framer_splits_any_bytes_in_any_chunks_or_reports_an_overlong_line()
    {
        byte[][] corpus =
        [
            .. StatusCorpus.Select(text => Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(text).Replace("\n", "\n\0\0", StringComparison.Ordinal) + "\n\0\0")),
            "Enter password:\n\0\0Authentication successful. External console access granted.\n\0\0"u8.ToArray(),
            "[00:06:43][Console]: a\r\n\0[00:06:43][Console]: b\r\n\0"u8.ToArray(),
        ];
        var chunking = new Random(77);

        var report = ParserFuzzer.Run(
            seed: 1_207,
            corpus,
            Vocabulary,
            input =>
            {
                // Fed as a socket would deliver it: in chunks of any size, the unread rest kept for the next read.
                var consumed = 0;
                var received = 0;
                while (received < input.Length)
                {
                    received += Math.Min(input.Length - received, chunking.Next(1, 2048));
                    var buffer = new ReadOnlySequence<byte>(input, consumed, received - consumed);
                    while (TeeworldsEconLines.TryReadLine(ref buffer, out var line))
                    {
                        Assert.False(line.Contains('\0', StringComparison.Ordinal));
                        TeeworldsConsoleLine.Message(line);
                    }

                    consumed = received - (int)buffer.Length;
                }

                return false;
            },
            exception => exception is InvalidDataException);

        output.WriteLine($"Teeworlds econ line framer: {report}");
    }

    [Fact]
    public void Console_line_splitter_handles_any_text()
    {
        var report = ParserFuzzer.Run(
            seed: 8_093,
            StatusCorpus,
            Vocabulary,
            input =>
            {
                var line = Encoding.UTF8.GetString(input);
                if (!TeeworldsConsoleLine.TrySplit(line, out var system, out var message))
                {
                    return true;
                }

                Assert.True(system.Length + message.Length < line.Length);
                return false;
            });

        output.WriteLine($"Teeworlds console line splitter: {report}");
    }
}

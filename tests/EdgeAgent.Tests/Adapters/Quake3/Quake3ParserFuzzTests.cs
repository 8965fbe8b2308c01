using System.Text;
using GameOps.EdgeAgent.Adapters.Quake3;
using GameOps.EdgeAgent.Tests.Adapters.Fuzzing;
using Xunit.Abstractions;

namespace GameOps.EdgeAgent.Tests.Adapters.Quake3;

/// <summary>10^5 seeded random and mutated inputs per Quake 3 parser (see <see cref="ParserFuzzer"/>).</summary>
public sealed class Quake3ParserFuzzTests(ITestOutputHelper output)
{
    private static readonly IReadOnlyList<byte[]> StatusCorpus = ParserFuzzer.Utf8(
        Quake3StatusFixtures.OpenArenaEmpty,
        Quake3StatusFixtures.OpenArenaBots,
        Quake3StatusFixtures.Quake3Classic,
        Quake3StatusFixtures.CallOfDuty4,
        "Bad rconpassword.\n",
        "No rconpassword set on the server.\n");

    private static readonly IReadOnlyList<byte[]> Vocabulary = ParserFuzzer.Utf8(
        " ", "  ", "\n", "\r\n", "\n\n", "^", "^7", "^^", "-", "--- ----- ----", "num", "cl", "score", "ping", "name",
        "lastmsg", "address", "qport", "rate", "guid", "num score ping name lastmsg address qport rate\n",
        "cl score ping name address rate\n", " 0 ", " 12 ", "-3", "CNCT", "ZMBI", "bot", "loopback", "127.0.0.1:27960",
        "[::1]:27960", "[", "]", ":", "999999999999", "\"", "é", "\u0000", "\u00ff", "map: oa_dm1\n", "print\n");

    [Fact]
    public void Status_parser_returns_players_or_a_typed_error_for_any_bytes()
    {
        var report = ParserFuzzer.Run(
            seed: 3_271,
            StatusCorpus,
            Vocabulary,
            input =>
            {
                if (Quake3StatusParser.TryParse(Encoding.UTF8.GetString(input), out var players, out var error))
                {
                    Assert.DoesNotContain(players.Players, player => player.Name is null);
                    return false;
                }

                Assert.False(string.IsNullOrEmpty(error));
                return true;
            });

        output.WriteLine($"Quake 3 status parser: {report}");
    }

    [Fact]
    public void Print_datagram_reader_accepts_or_rejects_any_bytes()
    {
        byte[][] corpus = [.. StatusCorpus.Select(text => (byte[])[0xFF, 0xFF, 0xFF, 0xFF, .. "print\n"u8, .. text]), [0xFF, 0xFF, 0xFF, 0xFF]];
        byte[][] vocabulary = [.. Vocabulary, [0xFF], [0xFF, 0xFF, 0xFF, 0xFF], "print\n"u8.ToArray(), "print"u8.ToArray()];

        var report = ParserFuzzer.Run(
            seed: 9_811,
            corpus,
            vocabulary,
            input =>
            {
                if (!Quake3RconPacket.TryReadPrint(input, out var text))
                {
                    return true;
                }

                Assert.Equal(input.Length - 10, text.Length);
                Quake3ColorCodes.Strip(Encoding.UTF8.GetString(text));
                return false;
            });

        output.WriteLine($"Quake 3 print datagram reader: {report}");
    }
}

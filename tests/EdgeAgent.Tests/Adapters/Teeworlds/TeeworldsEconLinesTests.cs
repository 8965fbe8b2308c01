using System.Buffers;
using GameOps.EdgeAgent.Adapters.Teeworlds;

namespace GameOps.EdgeAgent.Tests.Adapters.Teeworlds;

public sealed class TeeworldsEconLinesTests
{
    private static List<string> ReadAll(params byte[][] chunks)
    {
        var buffered = new List<byte>();
        var lines = new List<string>();
        foreach (var chunk in chunks)
        {
            buffered.AddRange(chunk);
            var buffer = new ReadOnlySequence<byte>(buffered.ToArray());
            while (TeeworldsEconLines.TryReadLine(ref buffer, out var line))
            {
                lines.Add(line);
            }

            buffered = [.. buffer.ToArray()];
        }

        return lines;
    }

    [Fact]
    public void Lines_ending_lf_nul_nul_are_split_without_their_padding()
    {
        // As Debian's teeworlds-server 0.7.5 sends them to a client that logs in with LF.
        var lines = ReadAll("Enter password:\n\0\0Wrong password 1/3.\n\0\0"u8.ToArray());

        Assert.Equal(["Enter password:", "Wrong password 1/3."], lines);
    }

    [Fact]
    public void Lines_ending_crlf_nul_are_split_without_their_padding()
    {
        // As the same server sends them once the client's first line ended in CRLF.
        var lines = ReadAll("[00:06:43][Console]: hello\r\n\0[00:06:43][Console]: END\r\n\0"u8.ToArray());

        Assert.Equal(["[00:06:43][Console]: hello", "[00:06:43][Console]: END"], lines);
    }

    [Fact]
    public void Line_split_across_reads_anywhere_is_joined()
    {
        var bytes = "Authentication successful. External console access granted.\n\0\0[00:05:56][econ]: cid=0 authed\n\0\0"u8.ToArray();

        for (var cut = 0; cut <= bytes.Length; cut++)
        {
            var lines = ReadAll(bytes[..cut], bytes[cut..]);
            Assert.Equal(["Authentication successful. External console access granted.", "[00:05:56][econ]: cid=0 authed"], lines);
        }
    }

    [Fact]
    public void Utf8_character_split_across_reads_is_decoded_whole()
    {
        var bytes = "[chat]: *** été ✓\n\0\0"u8.ToArray();
        var middle = Array.IndexOf(bytes, (byte)0x9C); // inside the three bytes of ✓

        Assert.Equal(["[chat]: *** été ✓"], ReadAll(bytes[..middle], bytes[middle..]));
    }

    [Fact]
    public void Endless_line_is_a_typed_error()
    {
        var buffer = new ReadOnlySequence<byte>(new byte[TeeworldsEconLines.MaxLineBytes + 1].Select(_ => (byte)'x').ToArray());

        Assert.Throws<InvalidDataException>(() => TeeworldsEconLines.TryReadLine(ref buffer, out _));
    }

    [Theory]
    [InlineData("[00:06:43][Console]: hello", "Console", "hello")]
    [InlineData("[5f1a2b3c][server]: id=0", "server", "id=0")]
    public void Console_line_prefix_splits_into_system_and_message(string line, string system, string message)
    {
        Assert.True(TeeworldsConsoleLine.TrySplit(line, out var actualSystem, out var actualMessage));
        Assert.Equal(system, actualSystem.ToString());
        Assert.Equal(message, actualMessage.ToString());
    }

    [Theory]
    [InlineData("Enter password:")]
    [InlineData("[no closing")]
    [InlineData("[a][b] missing colon")]
    public void Line_without_a_prefix_is_its_own_message(string line)
    {
        Assert.False(TeeworldsConsoleLine.TrySplit(line, out _, out _));
        Assert.Equal(line, TeeworldsConsoleLine.Message(line).ToString());
    }
}

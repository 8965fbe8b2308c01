using System.Text;
using GameOps.EdgeAgent.Adapters.Quake3;

namespace GameOps.EdgeAgent.Tests.Adapters.Quake3;

public sealed class Quake3RconPacketTests
{
    [Fact]
    public void Request_is_the_oob_marker_and_one_rcon_line()
    {
        var request = Quake3RconPacket.EncodeRequest("s3cret", "say hi there");

        Assert.Equal([0xFF, 0xFF, 0xFF, 0xFF, .. "rcon s3cret say hi there"u8], request);
    }

    [Fact]
    public void Print_datagram_yields_the_text_after_its_header()
    {
        byte[] datagram = [0xFF, 0xFF, 0xFF, 0xFF, .. "print\nBad rconpassword.\n"u8];

        Assert.True(Quake3RconPacket.TryReadPrint(datagram, out var text));
        Assert.Equal("Bad rconpassword.\n", Encoding.UTF8.GetString(text));
    }

    [Theory]
    [InlineData("print\nno marker")]
    [InlineData("\u00ff\u00ff\u00ff\u00ffstatusResponse\n\\sv_hostname\\x")]
    [InlineData("\u00ff\u00ff\u00ffprint\n")]
    [InlineData("")]
    public void Anything_but_a_print_datagram_is_not_an_answer(string latin1)
    {
        Assert.False(Quake3RconPacket.TryReadPrint(Encoding.Latin1.GetBytes(latin1), out _));
    }

    [Theory]
    [InlineData("two words")]
    [InlineData("quo\"te")]
    [InlineData("slash//comment")]
    [InlineData("tab\tbed")]
    [InlineData("")]
    public void Password_the_tokenizer_would_split_is_not_sendable(string password)
    {
        Assert.False(Quake3RconPacket.IsSendablePassword(password));
        Assert.Throws<ArgumentException>(() => Quake3RconPacket.EncodeRequest(password, "status"));
    }

    [Fact]
    public void Request_line_longer_than_the_engine_reads_is_refused()
    {
        var command = new string('x', Quake3RconPacket.MaxRequestLineBytes - "rcon pw ".Length);
        Assert.Equal(4 + Quake3RconPacket.MaxRequestLineBytes, Quake3RconPacket.EncodeRequest("pw", command).Length);

        Assert.Throws<ArgumentException>(() => Quake3RconPacket.EncodeRequest("pw", command + "x"));
    }

    [Fact]
    public void Command_with_a_line_break_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Quake3RconPacket.EncodeRequest("pw", "say a\nquit"));
    }
}

using System.Text;
using GameOps.EdgeAgent.Console;
using Microsoft.Extensions.Logging.Abstractions;

namespace GameOps.EdgeAgent.Tests.Console;

public sealed class FileConsoleLineSinkTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Lines_are_appended_per_server_in_order_and_survive_a_restart()
    {
        var directory = _temp.Combine("console");
        using (var sink = new FileConsoleLineSink(directory, NullLogger<FileConsoleLineSink>.Instance))
        {
            sink.Publish("alpha", "one");
            sink.Publish("beta", "für 🧟");
            sink.Publish("alpha", "two");
        }

        using (var again = new FileConsoleLineSink(directory, NullLogger<FileConsoleLineSink>.Instance))
        {
            again.Publish("alpha", "three");
        }

        Assert.Equal("one\ntwo\nthree\n", File.ReadAllText(Path.Combine(directory, "alpha.log"), Encoding.UTF8));
        Assert.Equal("für 🧟\n", File.ReadAllText(Path.Combine(directory, "beta.log"), Encoding.UTF8));
    }

    [Fact]
    public void Folder_and_files_the_sink_makes_are_owner_only()
    {
        var directory = _temp.Combine("console");
        using var sink = new FileConsoleLineSink(directory, NullLogger<FileConsoleLineSink>.Instance);

        sink.Publish("game", "Player connected: alice from 203.0.113.7");

        Assert.Equal((FileModes.OwnerOnlyFolder, FileModes.OwnerOnlyFile), (FileModes.Of(directory), FileModes.Of(sink.PathFor("game"))));
    }

    [Fact]
    public void Each_line_is_readable_as_soon_as_it_is_published()
    {
        using var sink = new FileConsoleLineSink(_temp.Path, NullLogger<FileConsoleLineSink>.Instance);

        sink.Publish("game", "visible at once");

        using var reader = new StreamReader(new FileStream(sink.PathFor("game"), FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        Assert.Equal("visible at once\n", reader.ReadToEnd());
    }

    [Fact]
    public void Line_breaks_inside_a_line_and_overlong_lines_cannot_break_the_file()
    {
        using var sink = new FileConsoleLineSink(_temp.Path, NullLogger<FileConsoleLineSink>.Instance);

        sink.Publish("game", "a\r\nb");
        sink.Publish("game", new string('€', 5_000));

        var lines = File.ReadAllText(sink.PathFor("game"), Encoding.UTF8).Split('\n');
        Assert.Equal("a  b", lines[0]);
        Assert.Equal(new string('€', ConsoleLines.MaxLineBytes / 3) + ConsoleLines.CutMarker, lines[1]);
        Assert.Equal(3, lines.Length);
    }

    [Fact]
    public void Truncated_file_is_written_from_its_new_end()
    {
        using var sink = new FileConsoleLineSink(_temp.Path, NullLogger<FileConsoleLineSink>.Instance);
        sink.Publish("game", "before rotation");

        // logrotate's copytruncate.
        using (var file = new FileStream(sink.PathFor("game"), FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
        {
            file.SetLength(0);
        }

        sink.Publish("game", "after rotation");

        Assert.Equal("after rotation\n", File.ReadAllText(sink.PathFor("game")));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("a/b")]
    [InlineData("")]
    public void Server_id_that_is_not_a_valid_id_writes_nothing(string serverId)
    {
        using var sink = new FileConsoleLineSink(_temp.Combine("console"), NullLogger<FileConsoleLineSink>.Instance);

        sink.Publish(serverId, "line");

        Assert.False(Directory.Exists(_temp.Combine("console")));
        Assert.Empty(Directory.GetFiles(_temp.Path, "*", SearchOption.AllDirectories));
    }
}

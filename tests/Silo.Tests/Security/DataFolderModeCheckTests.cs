namespace GameOps.Silo.Tests.Security;

[Trait("Category", "Slow")]
public sealed class DataFolderModeCheckTests
{
    private const UnixFileMode OpenFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
        UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private const UnixFileMode OpenFile = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    [Fact]
    public async Task Start_warns_about_a_data_folder_and_a_database_open_to_others_and_leaves_their_modes()
    {
        // What a silo of before the owner-only modes left behind: data/ 0755 and gameops.db 0644.
        using var folder = new TempDirectory();
        var data = folder.Combine("data");
        var database = Path.Combine(data, "gameops.db");
        Directory.CreateDirectory(data);
        File.SetUnixFileMode(data, OpenFolder);
        await File.WriteAllBytesAsync(database, []);
        File.SetUnixFileMode(database, OpenFile);

        await using var silo = await SiloProcess.StartAsync(folder.Path, TimeSpan.FromSeconds(60));

        var output = await Eventually.ReadAsync(
            () => Task.FromResult(silo.Output), text => text.Contains($"{database} has mode", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Assert.Contains($"{data} has mode 0755", output, StringComparison.Ordinal);
        Assert.Contains($"{database} has mode 0644", output, StringComparison.Ordinal);
        Assert.Equal(("0755", "0644"), (FileModes.Of(data), FileModes.Of(database)));
    }
}

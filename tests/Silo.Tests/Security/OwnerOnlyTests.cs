namespace GameOps.Silo.Tests.Security;

public sealed class OwnerOnlyTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    [Fact]
    public void A_folder_whose_parents_are_missing_is_made_with_every_parent_owner_only()
    {
        // As the key ring's folder is made before the data folder that holds it, whichever part of the silo starts first.
        OwnerOnly.CreateFolder(_temp.Combine("data", "data-protection-keys"));

        Assert.Equal(FileModes.OwnerOnlyFolder, FileModes.Of(_temp.Combine("data")));
        Assert.Equal(FileModes.OwnerOnlyFolder, FileModes.Of(_temp.Combine("data", "data-protection-keys")));
    }

    [Fact]
    public void An_existing_parent_keeps_its_mode()
    {
        var data = _temp.Combine("data");
        Directory.CreateDirectory(data);
        File.SetUnixFileMode(data, OwnerOnly.DirectoryMode | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);

        OwnerOnly.CreateFolderOf(Path.Combine(data, "keys", "key-1.xml"));

        Assert.Equal("0750", FileModes.Of(data));
        Assert.Equal(FileModes.OwnerOnlyFolder, FileModes.Of(Path.Combine(data, "keys")));
    }

    [Fact]
    public void A_replaced_file_holds_the_whole_new_contents_owner_only_and_nothing_is_left_beside_it()
    {
        // A secret file a wider mode was once given: the replacement must not keep that mode.
        var path = _temp.Combine("data", "admin-api-key");
        OwnerOnly.ReplaceFile(path, "goa_old\n"u8);
        File.SetUnixFileMode(path, OwnerOnly.FileMode | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        OwnerOnly.ReplaceFile(path, "goa_new\n"u8);

        Assert.Equal("goa_new\n", File.ReadAllText(path));
        Assert.Equal(FileModes.OwnerOnlyFile, FileModes.Of(path));
        Assert.Equal(["admin-api-key"], Directory.GetFiles(_temp.Combine("data")).Select(Path.GetFileName));
    }

    public void Dispose() => _temp.Dispose();
}

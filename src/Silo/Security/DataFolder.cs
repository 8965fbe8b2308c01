namespace GameOps.Silo.Security;

/// <summary>
/// A folder GameOps keeps its state in (the database's, the admin key's, the key ring). Each feature registers the
/// folders it writes; <see cref="DataFolderModeCheck"/> reports at start any of them, or any file in one, open to
/// other users.
/// </summary>
public sealed record DataFolder(string Path)
{
    public static DataFolder Containing(string filePath) =>
        new(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(filePath))!);
}

namespace GameOps;

/// <summary>
/// Folders (0700) and files (0600) only the process's user can open: what the silo and the agent write holds job
/// output, player ids, callers' addresses, credentials, their hashes and keys. The modes are asked for at creation, so
/// no other user can open a file in the moment before a chmod would narrow it. Compiled into both (linked source).
/// </summary>
internal static class OwnerOnly
{
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public const UnixFileMode DirectoryMode = FileMode | UnixFileMode.UserExecute;

    /// <summary>Group and other permission bits: a file or folder with any of them set is open to others.</summary>
    public const UnixFileMode OpenToOthers =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Creates the folder of <paramref name="filePath"/> (and any missing parent) 0700; an existing folder keeps its mode.</summary>
    public static void CreateFolderOf(string filePath)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(filePath));
        if (!string.IsNullOrEmpty(folder))
        {
            CreateFolder(folder);
        }
    }

    /// <summary>Creates <paramref name="folder"/> (and any missing parent) 0700; an existing folder keeps its mode.</summary>
    public static void CreateFolder(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            // Directory.CreateDirectory gives the parents it makes 0777 less the umask, not the mode asked for: each
            // missing one is made here, outermost first.
            var missing = new Stack<string>();
            for (var path = Path.GetFullPath(folder); path is not null && !Directory.Exists(path); path = Path.GetDirectoryName(path))
            {
                missing.Push(path);
            }

            while (missing.TryPop(out var path))
            {
                Directory.CreateDirectory(path, DirectoryMode);
            }
        }
    }

    /// <summary>Options that open a file for writing and, when <paramref name="mode"/> creates it, create it 0600.</summary>
    public static FileStreamOptions WriteOptions(System.IO.FileMode mode)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FileMode;
        }

        return options;
    }

    /// <summary>
    /// Writes <paramref name="contents"/> to <paramref name="path"/> (0600) whole or not at all: written beside it,
    /// synced and renamed over it, so a reader (or a crash) meets the old file or the new one, never an empty or half one.
    /// </summary>
    public static void ReplaceFile(string path, ReadOnlySpan<byte> contents)
    {
        CreateFolderOf(path);
        var temporary = path + ".tmp";
        File.Delete(temporary);
        using (var file = new FileStream(temporary, WriteOptions(System.IO.FileMode.CreateNew)))
        {
            file.Write(contents);
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>
    /// Creates <paramref name="path"/> empty and 0600 unless it exists: for files a library creates with its own mode.
    /// SQLite makes a new database 0644 (less the umask) and gives its -wal and -shm files the database's mode, umask
    /// or not (its test journal3.test: "umask is deliberately ignored for -wal, -journal, and -shm files").
    /// </summary>
    public static void CreateEmptyFile(string path)
    {
        try
        {
            using var file = new FileStream(path, WriteOptions(System.IO.FileMode.CreateNew));
        }
        catch (IOException) when (File.Exists(path))
        {
            // There already: its mode is its owner's choice, which the start-up check reports if it is open to others.
        }
    }
}

namespace GameOps.Silo.Security;

/// <summary>A secret written to a file only the silo's user can read (the admin key, the setup token).</summary>
public static class SecretFile
{
    public static async Task WriteAsync(string path, string secret, CancellationToken cancellationToken)
    {
        OwnerOnly.CreateFolderOf(path);

        // The create mode applies only to new files: an older file at this path would keep its mode.
        if (!OperatingSystem.IsWindows() && File.Exists(path))
        {
            File.SetUnixFileMode(path, OwnerOnly.FileMode);
        }

        await using var file = new StreamWriter(path, OwnerOnly.WriteOptions(FileMode.Create));
        await file.WriteLineAsync(secret.AsMemory(), cancellationToken);
    }

    /// <summary>The secret in the file, or null when there is no such file.</summary>
    public static async Task<string?> ReadAsync(string path, CancellationToken cancellationToken) =>
        File.Exists(path) ? (await File.ReadAllTextAsync(path, cancellationToken)).Trim() : null;
}

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

    /// <summary>
    /// Makes a new secret at first start: <paramref name="tryStoreHash"/> keeps its hash through the platform grain unless
    /// one is stored already, so one silo of a cluster wins; that silo writes the secret to <paramref name="path"/>.
    /// True on the silo that made it.
    /// </summary>
    public static async Task<bool> TryCreateAsync(string prefix, string path, Func<byte[], Task<bool>> tryStoreHash, CancellationToken cancellationToken)
    {
        var secret = Secrets.NewToken(prefix);
        if (!await tryStoreHash(Secrets.Hash(secret)))
        {
            return false;
        }

        await WriteAsync(path, secret, cancellationToken);
        return true;
    }

    /// <summary>The secret in the file, or null when there is no such file.</summary>
    public static async Task<string?> ReadAsync(string path, CancellationToken cancellationToken) =>
        File.Exists(path) ? (await File.ReadAllTextAsync(path, cancellationToken)).Trim() : null;
}

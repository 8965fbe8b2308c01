using System.Text;

namespace GameOps.Silo.Security;

/// <summary>A secret written to a file only the silo's user can read (the admin key, the setup token).</summary>
public static class SecretFile
{
    /// <summary>Writes the secret whole: the silo's health answers before the file is written, and a reader that finds
    /// the file must find the whole key in it.</summary>
    public static Task WriteAsync(string path, string secret, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        OwnerOnly.ReplaceFile(path, Encoding.UTF8.GetBytes(secret + Environment.NewLine));
        return Task.CompletedTask;
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

using System.Text;

namespace GameOps.Silo.Tests.Storage;

/// <summary>The SQLite database's bytes as they are on disk, to show what is never stored in plain text.</summary>
internal static class DatabaseFile
{
    public static async Task<bool> ContainsAsync(string path, string text)
    {
        // The WAL holds the newest pages until a checkpoint, so look in both files.
        var needle = Encoding.UTF8.GetBytes(text);
        foreach (var file in new[] { path, path + "-wal" }.Where(File.Exists))
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var memory = new MemoryStream();
            await stream.CopyToAsync(memory);
            if (memory.GetBuffer().AsSpan(0, (int)memory.Length).IndexOf(needle) >= 0)
            {
                return true;
            }
        }

        return false;
    }
}

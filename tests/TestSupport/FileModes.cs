namespace GameOps.TestSupport;

/// <summary>Permission bits as <c>ls -l</c> and <c>chmod</c> write them in octal, so a failing assertion reads "0644".</summary>
public static class FileModes
{
    public const string OwnerOnlyFile = "0600";
    public const string OwnerOnlyFolder = "0700";

    public static string Of(string path) => "0" + Convert.ToString((int)File.GetUnixFileMode(path) & 0xFFF, 8).PadLeft(3, '0');

    /// <summary>
    /// Every folder and file at or under <paramref name="root"/> whose mode is not owner-only (0700 for a folder, 0600 for
    /// a file), as "mode path" lines: one assertion that they are none names every one that is wrong.
    /// </summary>
    public static IReadOnlyList<string> NotOwnerOnly(string root, Func<string, bool>? include = null)
    {
        var entries = Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories).Prepend(root);
        return
        [
            .. entries
                .Where(path => include?.Invoke(path) ?? true)
                .Select(path => (path, mode: Of(path), expected: Directory.Exists(path) ? OwnerOnlyFolder : OwnerOnlyFile))
                .Where(entry => entry.mode != entry.expected)
                .Select(entry => $"{entry.mode} {entry.path}"),
        ];
    }
}

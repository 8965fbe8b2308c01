namespace GameOps.Silo.Security;

/// <summary>
/// At start, warns about each data folder that is not 0700 and each file in one that is not 0600, naming the path
/// and its mode. It changes nothing: a wider mode may be an operator's choice (a backup user's group), and a silo
/// that narrowed it on every start would undo that choice behind the operator's back (docs/adr/0012).
/// </summary>
public sealed partial class DataFolderModeCheck(IEnumerable<DataFolder> folders, ILogger<DataFolderModeCheck> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (OperatingSystem.IsWindows())
        {
            return Task.CompletedTask;
        }

        foreach (var folder in folders.Select(f => Path.GetFullPath(f.Path)).Distinct(StringComparer.Ordinal))
        {
            if (!Directory.Exists(folder))
            {
                continue;
            }

            Check(folder, OwnerOnly.DirectoryMode);
            foreach (var file in Directory.EnumerateFiles(folder))
            {
                Check(file, OwnerOnly.FileMode);
            }
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private void Check(string path, UnixFileMode expected)
    {
        UnixFileMode mode;
        try
        {
            mode = File.GetUnixFileMode(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return; // gone since the listing, or not ours to inspect
        }

        if ((mode & OwnerOnly.OpenToOthers) != 0)
        {
            LogOpenToOthers(path, Octal(mode), Octal(expected));
        }
    }

    private static string Octal(UnixFileMode mode) => "0" + Convert.ToString((int)mode & 0xFFF, 8).PadLeft(3, '0');

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "{Path} has mode {Mode}: users other than this one can open it. GameOps creates it {Expected} and does not change an existing mode; narrow it with chmod")]
    private partial void LogOpenToOthers(string path, string mode, string expected);
}

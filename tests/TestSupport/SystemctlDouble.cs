namespace GameOps.TestSupport;

/// <summary>
/// A <c>systemctl</c> stand-in: a shell script in a temporary folder that appends its exact argv (one line per call,
/// each argument in brackets) to <c>calls.log</c>, prints <see cref="Output"/> and exits with <see cref="ExitCode"/>.
/// Its folder can be put first on PATH, or its path given directly. With <c>holdUntilReleased</c> each call, once
/// recorded, waits (at most a minute) until <see cref="Release"/>, so a test can act while a command runs.
/// </summary>
public sealed class SystemctlDouble : IDisposable
{
    private readonly TempDirectory _folder = new();

    public SystemctlDouble(string output = "", int exitCode = 0, bool holdUntilReleased = false)
    {
        var hold = holdUntilReleased
            ? "n=0; while [ ! -e \"$here/released\" ] && [ $n -lt 600 ]; do sleep 0.1; n=$((n+1)); done"
            : "";
        Path = _folder.Combine("systemctl");
        File.WriteAllText(_folder.Combine("output"), output);
        File.WriteAllText(
            Path,
            $$"""
            #!/bin/sh
            here=$(dirname "$0")
            for argument in "$@"; do printf '[%s]' "$argument"; done >> "$here/calls.log"
            printf '\n' >> "$here/calls.log"
            {{hold}}
            cat "$here/output"
            exit {{exitCode}}
            """.Replace("\r", "", StringComparison.Ordinal));
        File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public string Path { get; }

    public string Folder => _folder.Path;

    /// <summary>Each call's argv (without the program), oldest first.</summary>
    public IReadOnlyList<string> Calls =>
        File.Exists(_folder.Combine("calls.log")) ? File.ReadAllLines(_folder.Combine("calls.log")) : [];

    /// <summary>Lets every held call, and every later one, finish.</summary>
    public void Release() => File.WriteAllText(_folder.Combine("released"), "");

    public void Dispose()
    {
        Release();
        _folder.Dispose();
    }
}

namespace GameOps.EdgeAgent.Tests.Power;

/// <summary>
/// A <c>systemctl</c> stand-in: a shell script in a temporary folder that appends its exact argv (one line per call,
/// each argument in brackets) to <c>calls.log</c>, prints <see cref="Output"/> and exits with <see cref="ExitCode"/>.
/// Its folder can be put first on PATH, or its path given directly.
/// </summary>
public sealed class SystemctlDouble : IDisposable
{
    private readonly TempDirectory _folder = new();

    public SystemctlDouble(string output = "", int exitCode = 0)
    {
        Path = _folder.Combine("systemctl");
        File.WriteAllText(_folder.Combine("output"), output);
        File.WriteAllText(
            Path,
            $$"""
            #!/bin/sh
            here=$(dirname "$0")
            for argument in "$@"; do printf '[%s]' "$argument"; done >> "$here/calls.log"
            printf '\n' >> "$here/calls.log"
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

    public void Dispose() => _folder.Dispose();
}

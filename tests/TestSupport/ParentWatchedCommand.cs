using System.Globalization;

namespace GameOps.TestSupport;

/// <summary>
/// Wraps a server's command line so the server dies with the test process. A test host that is killed (a hang
/// timeout, a cancelled run) disposes nothing, and a game server that ignores SIGPIPE would run on for ever, holding
/// its ports. The wrapper is <c>/bin/sh</c>: it starts a loop that checks every second whether the test process still
/// lives and kills the server once it does not, then <c>exec</c>s the server, which so keeps the shell's process id.
/// </summary>
public static class ParentWatchedCommand
{
    public const string Shell = "/bin/sh";

    /// <summary>The arguments for <see cref="Shell"/> that run <paramref name="executable"/> with <paramref name="arguments"/>.</summary>
    public static IReadOnlyList<string> Arguments(string executable, IEnumerable<string> arguments) =>
    [
        "-c",
        "watched=$1; shift; (while kill -0 \"$watched\" 2>/dev/null; do sleep 1; done; kill -KILL $$) & exec \"$@\"",
        "sh",
        Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
        executable,
        .. arguments,
    ];
}

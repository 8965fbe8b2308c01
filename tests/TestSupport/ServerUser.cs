namespace GameOps.TestSupport;

/// <summary>
/// Runs a server as an unprivileged system user when the tests run as root (PostgreSQL refuses root), and as the
/// test's own user otherwise. <c>setpriv</c> execs the server in place, so its process id is the server's and killing
/// it kills the server.
/// </summary>
public static class ServerUser
{
    public const string Program = "/usr/bin/setpriv";

    public static bool IsRoot => Environment.UserName == "root";

    /// <summary>Gives <paramref name="path"/> to <paramref name="user"/> when running as root, so the server can write there.</summary>
    public static async Task GiveAsync(string path, string user)
    {
        if (!IsRoot)
        {
            return;
        }

        await using var chown = ConsoleProcess.Start("chown", ["-R", $"{user}:", path], path);
        var exit = await chown.WaitForExitAsync(TimeSpan.FromSeconds(30));
        if (exit != 0)
        {
            throw new InvalidOperationException($"chown {user} {path} exited with code {exit}:\n{chown.Output}");
        }
    }

    /// <summary>The arguments for <see cref="Program"/> that run <paramref name="executable"/>, as <paramref name="user"/> when root.</summary>
    public static IReadOnlyList<string> Arguments(string user, string executable, IEnumerable<string> arguments) =>
        IsRoot
            ? ["--reuid", user, "--regid", user, "--init-groups", "--", executable, .. arguments]
            : ["--", executable, .. arguments];
}

namespace GameOps.TestSupport;

/// <summary>The agent as it ships: published with Native AOT (deploy/systemd/gameops-agent.service runs that binary).</summary>
public static class NativeAgent
{
    /// <summary>
    /// Publishes the agent into <paramref name="folder"/>: the executable, or null and what <c>dotnet publish</c> printed when this
    /// machine cannot build it (Native AOT links with clang: <c>apt-get install clang zlib1g-dev</c>).
    /// </summary>
    public static async Task<(string? Executable, string Output)> PublishAsync(string folder)
    {
        var project = Path.Combine(RepositoryPaths.Root, "src", "EdgeAgent", "GameOps.EdgeAgent.csproj");
        await using var publish = ConsoleProcess.Start(
            "dotnet", ["publish", project, "-c", "Release", "-r", "linux-x64", "-o", folder, "-nologo"], RepositoryPaths.Root);
        // A ceiling, not a measure: the native compile took over 5 minutes on a 2-core machine at load average 22.
        var exitCode = await publish.WaitForExitAsync(TimeSpan.FromMinutes(12));
        var executable = Path.Combine(folder, "gameops-agent");
        return (exitCode == 0 && File.Exists(executable) ? executable : null, publish.Output);
    }
}

namespace GameOps.TestSupport;

/// <summary>Where things are in this checkout, found from the running test assembly.</summary>
public static class RepositoryPaths
{
    /// <summary>The folder holding GameOps.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The build configuration the tests run in (Debug or Release), read from the output folder.</summary>
    public static string Configuration { get; } =
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    /// <summary>The silo as built by its own project, beside the settings it ships with.</summary>
    public static string SiloDll => Path.Combine(Root, "src", "Silo", "bin", Configuration, "net10.0", "GameOps.Silo.dll");

    /// <summary>The agent as built by its own project: its dependencies do not all flow into a test project's folder.</summary>
    public static string AgentDll => Path.Combine(Root, "src", "EdgeAgent", "bin", Configuration, "net10.0", "gameops-agent.dll");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "GameOps.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No GameOps.sln above {AppContext.BaseDirectory}.");
    }
}

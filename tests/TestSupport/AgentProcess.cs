using System.Text.Json;

namespace GameOps.TestSupport;

/// <summary>The edge agent as a host runs it: its own process, reading a config file.</summary>
public sealed class AgentProcess : IAsyncDisposable
{
    private AgentProcess(ConsoleProcess process) => Process = process;

    public ConsoleProcess Process { get; }

    /// <summary>
    /// Writes <paramref name="config"/> (serialized camelCase) to <c>agent.json</c> in <paramref name="folder"/> and starts the agent on
    /// it: the build's <c>gameops-agent.dll</c> under <c>dotnet</c>, or <paramref name="nativeExecutable"/>, a Native AOT publish of it.
    /// </summary>
    /// <param name="environment">Variables set for the agent on top of the test's own environment.</param>
    public static AgentProcess Start(string folder, object config, string? nativeExecutable = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var program = nativeExecutable ?? RepositoryPaths.AgentDll;
        if (!File.Exists(program))
        {
            throw new InvalidOperationException($"The agent is not built at {program}; build the solution first.");
        }

        var path = Path.Combine(folder, "agent.json");
        File.WriteAllText(path, JsonSerializer.Serialize(config, GameOpsApi.Json));
        return new AgentProcess(nativeExecutable is null
            ? ConsoleProcess.Start("dotnet", [RepositoryPaths.AgentDll, "--config", path], folder, environment)
            : ConsoleProcess.Start(nativeExecutable, ["--config", path], folder, environment));
    }

    /// <summary>Starts the agent on a config file already written (by the test, or by <see cref="EnrolAsync"/>).</summary>
    public static AgentProcess StartWithConfig(string folder, string configPath) =>
        new(ConsoleProcess.Start("dotnet", [RequireBuilt(), "--config", configPath], folder));

    /// <summary>
    /// Runs the <c>gameops-agent enrol</c> an install command as the API shows it runs (<see cref="InstallCommand"/>), with
    /// the build's agent and <paramref name="configPath"/> as the config it writes; returns its exit code and output.
    /// </summary>
    public static async Task<(int ExitCode, string Output)> EnrolAsync(string folder, string installCommand, string configPath)
    {
        await using var process = ConsoleProcess.Start("dotnet", [RequireBuilt(), .. InstallCommand.Parse(installCommand).EnrolArguments, "--config", configPath], folder);
        var exitCode = await process.WaitForExitAsync(TimeSpan.FromMinutes(2));
        return (exitCode, process.Output);
    }

    private static string RequireBuilt() =>
        File.Exists(RepositoryPaths.AgentDll) ? RepositoryPaths.AgentDll : throw new InvalidOperationException($"The agent is not built at {RepositoryPaths.AgentDll}; build the solution first.");

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}

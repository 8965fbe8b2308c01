using System.Text.Json;

namespace GameOps.TestSupport;

/// <summary>The edge agent as a host runs it: its own process, reading a config file.</summary>
public sealed class AgentProcess : IAsyncDisposable
{
    private AgentProcess(ConsoleProcess process) => Process = process;

    public ConsoleProcess Process { get; }

    /// <summary>Writes <paramref name="config"/> (serialized camelCase) to <c>agent.json</c> in <paramref name="folder"/> and starts the agent on it.</summary>
    public static AgentProcess Start(string folder, object config)
    {
        if (!File.Exists(RepositoryPaths.AgentDll))
        {
            throw new InvalidOperationException($"The agent is not built at {RepositoryPaths.AgentDll}; build the solution first.");
        }

        var path = Path.Combine(folder, "agent.json");
        File.WriteAllText(path, JsonSerializer.Serialize(config, GameOpsApi.Json));
        return new AgentProcess(ConsoleProcess.Start("dotnet", [RepositoryPaths.AgentDll, "--config", path], folder));
    }

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}

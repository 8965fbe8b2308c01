using System.Text.RegularExpressions;

namespace GameOps.EndToEnd.Tests;

[Trait("Category", "Slow")]
public sealed partial class GettingStartedTests
{
    // The port and password docs/getting-started.md configures for its game server.
    private const int DocumentedRconPort = 27015;
    private const string DocumentedRconPassword = "change-me";
    private const string StatusAnswer = "hostname: Getting started\nplayers : 0 humans, 0 bots (16/0 max)\n";

    private static readonly string[] RepositoryRootEntries = ["src", "global.json", "Directory.Build.props", "Directory.Packages.props", ".editorconfig"];
    private static readonly string[] BuildOutputFolders = ["bin", "obj", "TestResults", "data"];

    [Fact]
    public async Task Getting_started_commands_work_as_written()
    {
        var blocks = MarkdownScripts.Read(Path.Combine(RepositoryPaths.Root, "docs", "getting-started.md"));
        Assert.True(blocks.Count(b => b.LeaveRunning) == 2, "The page starts the silo and the agent and leaves both running.");

        // A checkout of its own, as a new user has: the sources without build output, and no data yet.
        using var root = new TempDirectory();
        foreach (var entry in RepositoryRootEntries)
        {
            Copy(Path.Combine(RepositoryPaths.Root, entry), root.Combine(entry));
        }

        await using var game = new SourceRconTestServer(DocumentedRconPassword, command => command == "status" ? StatusAnswer : "", DocumentedRconPort);
        var background = new List<ConsoleProcess>();
        await using var shell = new ShellSession(root.Path);
        try
        {
            foreach (var block in blocks)
            {
                if (block.LeaveRunning)
                {
                    var process = ConsoleProcess.Start("bash", ["-e", "-c", block.Script], root.Path);
                    background.Add(process);
                    await process.WaitForOutputAsync("Application started", TimeSpan.FromMinutes(6));
                }
                else
                {
                    await shell.RunAsync(block.Script, TimeSpan.FromMinutes(6));
                }
            }

            Assert.Matches(SucceededJob(), shell.Output);
            Assert.Contains("hostname: Getting started", shell.Output, StringComparison.Ordinal);
            Assert.Equal(1, game.ExecutionCount("status"));
            Assert.Contains("\"forSeconds\": 120", shell.Output, StringComparison.Ordinal);
        }
        catch (Exception exception) when (exception is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException(
                $"{exception.Message}\n{string.Join('\n', background.Select((p, i) => $"--- background {i} ---\n{p.Output}"))}", exception);
        }
        finally
        {
            foreach (var process in background)
            {
                await process.DisposeAsync();
            }
        }
    }

    private static void Copy(string source, string destination)
    {
        if (File.Exists(source))
        {
            File.Copy(source, destination);
            return;
        }

        Directory.CreateDirectory(destination);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            File.Copy(file, Path.Combine(destination, Path.GetFileName(file)));
        }

        foreach (var directory in Directory.EnumerateDirectories(source).Where(d => !BuildOutputFolders.Contains(Path.GetFileName(d))))
        {
            Copy(directory, Path.Combine(destination, Path.GetFileName(directory)));
        }
    }

    [GeneratedRegex("\"state\": \"Succeeded\"")]
    private static partial Regex SucceededJob();
}

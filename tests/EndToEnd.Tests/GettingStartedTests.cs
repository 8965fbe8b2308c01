using System.Globalization;
using System.Text.RegularExpressions;

namespace GameOps.EndToEnd.Tests;

[Trait("Category", "Slow")]
public sealed partial class GettingStartedTests
{
    // The ports docs/getting-started.md names (the API, the agent gateway, the game's console), the silo-to-silo port
    // the silo's appsettings.json opens, and Orleans' own default client gateway port.
    private const int DocumentedApiPort = 5080;
    private const int DocumentedGatewayPort = 5081;
    private const int DocumentedRconPort = 27015;
    private static readonly int[] DefaultPorts = [DocumentedApiPort, DocumentedGatewayPort, DocumentedRconPort, 11111, 30000];

    // The password docs/getting-started.md configures for its game server.
    private const string DocumentedRconPassword = "change-me";
    private const string StatusAnswer = "hostname: Getting started\nplayers : 0 humans, 0 bots (16/0 max)\n";

    private static readonly string[] RepositoryRootEntries = ["src", "global.json", "Directory.Build.props", "Directory.Packages.props", ".editorconfig", ".gitignore"];
    private static readonly string[] BuildOutputFolders = ["bin", "obj", "TestResults", "data"];
    // Each command's ceiling. The first `dotnet run` restores and builds the silo from nothing: at a load average of
    // about 25 on 2 cores (stress-ng beside three parallel builds) that took over 6 minutes.
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task Getting_started_commands_work_as_written()
    {
        var blocks = MarkdownScripts.Read(Path.Combine(RepositoryPaths.Root, "docs", "getting-started.md"));
        Assert.True(blocks.Count(b => b.LeaveRunning) == 2, "The page starts the silo and the agent and leaves both running.");

        // A checkout of its own, outside this one, as a new user has: the sources without build output, no data yet,
        // and git's view of it, to ask afterwards what the page left that git would pick up.
        using var root = new TempDirectory();
        foreach (var entry in RepositoryRootEntries)
        {
            Copy(Path.Combine(RepositoryPaths.Root, entry), root.Combine(entry));
        }

        await GitAsync(root.Path, "init", "-q");
        await GitAsync(root.Path, "add", "-A");
        var checkedOut = Directory.EnumerateFileSystemEntries(root.Path, "*", SearchOption.AllDirectories).ToHashSet(StringComparer.Ordinal);

        // The documented ports stay taken while the page runs, so a command that still binds one fails here, as it would
        // beside a developer's running GameOps. The page's commands run on free ports instead: the ones they name are
        // replaced, and the silo, which names none, gets its own through the environment.
        using var occupied = OccupiedPorts.Take(DefaultPorts);
        await using var game = new SourceRconTestServer(DocumentedRconPassword, command => command == "status" ? StatusAnswer : "");
        var (api, gateway, silo) = SiloPorts.Free();
        var substitutions = new Dictionary<int, int> { [DocumentedApiPort] = api, [DocumentedGatewayPort] = gateway, [DocumentedRconPort] = game.Port };
        var siloEnvironment = new Dictionary<string, string>
        {
            ["Kestrel__Endpoints__Api__Url"] = $"http://localhost:{api}",
            ["Kestrel__Endpoints__Gateway__Url"] = $"http://127.0.0.1:{gateway}",
            ["GameOps__Silo__SiloPort"] = silo.ToString(CultureInfo.InvariantCulture),
            // The control plane's own players.list probe sends `status` too, at a random time after the agent's Hello: on a
            // loaded run it came before the page's last command and the count below read 2. The page's job must run once.
            ["GameOps__Players__Probe"] = "false",
        };

        var background = new List<ConsoleProcess>();
        await using var shell = new ShellSession(root.Path);
        try
        {
            foreach (var block in blocks)
            {
                var script = WithPorts(block.Script, substitutions);
                if (block.LeaveRunning)
                {
                    var process = ConsoleProcess.Start("bash", ["-e", "-c", script], root.Path, siloEnvironment);
                    background.Add(process);
                    await process.WaitForOutputAsync("Application started", Patience);
                }
                else
                {
                    await shell.RunAsync(script, Patience);
                }
            }

            Assert.Matches(SucceededJob(), shell.Output);
            Assert.Contains("hostname: Getting started", shell.Output, StringComparison.Ordinal);
            Assert.Equal(1, game.ExecutionCount("status"));
            Assert.Contains("\"forSeconds\": 120", shell.Output, StringComparison.Ordinal);

            // What the page and GameOps wrote is ignored by git and, build output aside, readable only by this user.
            Assert.Equal(string.Empty, await GitAsync(root.Path, "ls-files", "--others", "--exclude-standard"));
            Assert.Empty(FileModes.NotOwnerOnly(root.Path, path => !checkedOut.Contains(path) && !IsBuildOutput(root.Path, path)));
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

    private static string WithPorts(string script, Dictionary<int, int> substitutions) =>
        substitutions.Aggregate(script, (text, port) => Regex.Replace(
            text, $@"\b{port.Key.ToString(CultureInfo.InvariantCulture)}\b", port.Value.ToString(CultureInfo.InvariantCulture)));

    private static bool IsBuildOutput(string root, string path) =>
        Path.GetRelativePath(root, path).Split(Path.DirectorySeparatorChar).Any(segment => segment is "bin" or "obj");

    private static async Task<string> GitAsync(string directory, params string[] arguments)
    {
        await using var git = ConsoleProcess.Start("git", arguments, directory);
        var exitCode = await git.WaitForExitAsync(TimeSpan.FromMinutes(1));
        Assert.True(exitCode == 0, $"git {string.Join(' ', arguments)} failed ({exitCode}):\n{git.Output}");
        return git.Output;
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

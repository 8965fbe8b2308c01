using System.Diagnostics;
using GameOps.EdgeAgent.Adapters;
using GameOps.EdgeAgent.Configuration;

namespace GameOps.EdgeAgent.Tests.Deploy;

/// <summary>
/// deploy/install-agent.sh run for real under a temporary --root, so it touches no part of this machine (with --root it
/// creates no user and leaves systemd alone; those steps run only against /).
/// </summary>
[Trait("Category", "Slow")]
public sealed class InstallScriptTests : IDisposable
{
    private const string Credential = "host-credential_4e1f9a";
    private static readonly string Script = Path.Combine(RepositoryPaths.Root, "deploy", "install-agent.sh");

    private readonly TempDirectory _temp = new();

    public InstallScriptTests()
    {
        File.WriteAllText(_temp.Combine("credential"), Credential + "\n");
        File.WriteAllText(_temp.Combine("gameops-agent"), "binary one");
    }

    private string Root => _temp.Combine("root");

    private string ConfigPath => Path.Combine(Root, "etc", "gameops", "agent.json");

    private string InstalledBinary => Path.Combine(Root, "usr", "local", "bin", "gameops-agent");

    private async Task<(int ExitCode, string Output)> InstallAsync(string hostId)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
        {
            Script, "--root", Root, "--binary", _temp.Combine("gameops-agent"), "--control-plane-url", "http://127.0.0.1:5081",
            "--host-id", hostId, "--credential-file", _temp.Combine("credential"),
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }

    [Fact]
    public async Task Fresh_install_writes_a_config_the_agent_accepts_readable_by_owner_and_group_only()
    {
        var (exitCode, output) = await InstallAsync("host-1");

        Assert.True(exitCode == 0, output);
        var config = AgentConfigLoader.Load(ConfigPath, GameAdapterRegistry.BuiltInKinds);
        Assert.Equal(("host-1", Credential), (config.HostId, config.Credential));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(ConfigPath));
        Assert.Equal("binary one", File.ReadAllText(InstalledBinary));
        Assert.True(File.Exists(Path.Combine(Root, "etc", "systemd", "system", "gameops-agent.service")));
        Assert.DoesNotContain(Credential, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Running_again_upgrades_the_binary_and_keeps_the_config()
    {
        await InstallAsync("host-1");
        File.AppendAllText(ConfigPath, " ");
        var before = File.ReadAllText(ConfigPath);
        File.WriteAllText(_temp.Combine("gameops-agent"), "binary two");

        var (exitCode, output) = await InstallAsync("host-1");

        Assert.True(exitCode == 0, output);
        Assert.Equal(before, File.ReadAllText(ConfigPath));
        Assert.Equal("binary two", File.ReadAllText(InstalledBinary));
    }

    [Fact]
    public async Task Config_of_another_host_is_never_overwritten_and_nothing_is_installed()
    {
        await InstallAsync("host-1");
        var before = File.ReadAllText(ConfigPath);
        File.WriteAllText(_temp.Combine("gameops-agent"), "binary two");

        var (exitCode, output) = await InstallAsync("host-2");

        Assert.Equal(3, exitCode);
        Assert.Contains("belongs to host 'host-1', not 'host-2'", output, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(ConfigPath));
        Assert.Equal("binary one", File.ReadAllText(InstalledBinary));
    }

    public void Dispose() => _temp.Dispose();
}
